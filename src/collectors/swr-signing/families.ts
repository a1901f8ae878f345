// The swr_signing collector's families, in exposition order.

import { gauge } from '../catalog.js';

/** The labels that identify a signature policy; the leading labels of every policy family. */
export const POLICY_LABELS = ['region', 'instance_id', 'namespace', 'policy_id'] as const;
const POLICY = POLICY_LABELS;
const EXECUTIONS_API = 'ListInstanceSignPolicyExecutions';

/** The execution statuses SWR is known to report; others appear as their own state-set value. */
export const KNOWN_EXECUTION_STATUSES = ['InProgress', 'Succeed', 'Failed', 'Stopped'] as const;

export const SWR_SIGNING_FAMILIES = {
  policyInfo: gauge(
    'huaweicloud_swr_signature_policy_info',
    [...POLICY, 'policy_name', 'enabled', 'trigger'],
    'SWR Enterprise image signature policy, always 1; labels carry its name, enabled flag and trigger type (ListInstanceSignPolicies).',
  ),
  executions: gauge(
    'huaweicloud_swr_signature_executions',
    POLICY,
    `Executions recorded for the signature policy: the total reported by ${EXECUTIONS_API}.`,
  ),
  lastExecutionId: gauge(
    'huaweicloud_swr_signature_last_execution_id',
    POLICY,
    `Id of the policy's latest execution, the highest id at either end of the list (${EXECUTIONS_API}).`,
  ),
  lastExecutionStatus: gauge(
    'huaweicloud_swr_signature_last_execution_status',
    [...POLICY, 'status'],
    `State set of the latest execution's status: 1 for the current status, 0 for the other known ones (InProgress, Succeed, Failed, Stopped); an unknown status is its own value (${EXECUTIONS_API}).`,
  ),
  lastExecutionTasks: gauge(
    'huaweicloud_swr_signature_last_execution_tasks',
    [...POLICY, 'result'],
    `Task counters of the latest execution by result: total, succeed, failed, in_progress, stopped (${EXECUTIONS_API}).`,
  ),
  lastExecutionStart: gauge(
    'huaweicloud_swr_signature_last_execution_start_timestamp_seconds',
    POLICY,
    `Start time of the latest execution, its created_at, in unix seconds (${EXECUTIONS_API}).`,
  ),
  lastExecutionEnd: gauge(
    'huaweicloud_swr_signature_last_execution_end_timestamp_seconds',
    POLICY,
    `End time of the latest execution, its updated_at once it is no longer InProgress, in unix seconds (${EXECUTIONS_API}).`,
  ),
  lastSuccess: gauge(
    'huaweicloud_swr_signature_last_success_timestamp_seconds',
    POLICY,
    `End time of the newest Succeed execution the exporter has seen for the policy, in unix seconds (${EXECUTIONS_API}).`,
  ),
  taskStatus: gauge(
    'huaweicloud_swr_signature_task_status',
    [...POLICY, 'repository', 'status'],
    'Tasks of the latest execution per repository and task status, normally 1; failures are kept first when the per-policy cap applies (ListInstanceSignPolicyExecTasks).',
  ),
  taskStatusOmitted: gauge(
    'huaweicloud_swr_signature_task_status_omitted',
    POLICY,
    'Tasks of the latest execution left out of huaweicloud_swr_signature_task_status by the per-policy cap (ListInstanceSignPolicyExecTasks).',
  ),
} as const;
