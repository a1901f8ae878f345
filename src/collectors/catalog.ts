// The metric catalog: names, labels and HELP texts are the users' contract (dashboards and alerts key on
// them). Every family the collectors emit is declared here, in the order it appears in the exposition.

export interface MetricFamily {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  readonly help: string;
  readonly labels: readonly string[];
}

function gauge(name: string, labels: readonly string[], help: string): MetricFamily {
  return Object.freeze({ name, type: 'gauge', help, labels: Object.freeze([...labels]) });
}

/** The labels that identify a signature policy; the leading labels of every policy family. */
export const POLICY_LABELS = ['region', 'instance_id', 'namespace', 'policy_id'] as const;
const POLICY = POLICY_LABELS;
const SWR_REGISTRY = ['region', 'instance_id', 'registry_id', 'registry_name'] as const;
const HSS_REGISTRY = ['region', 'registry_id', 'registry_name'] as const;
const SIGN_KEY = ['region', 'gateway', 'instance_id', 'key_id'] as const;
const EXECUTIONS_API = 'ListInstanceSignPolicyExecutions';

/** The execution statuses SWR is known to report; others appear as their own state-set value. */
export const KNOWN_EXECUTION_STATUSES = ['InProgress', 'Succeed', 'Failed', 'Stopped'] as const;
/** HSS registry access statuses; others appear as their own state-set value. */
export const KNOWN_HSS_STATUSES = ['success', 'fail', 'accessing'] as const;

export const SWR_INSTANCE_FAMILIES = {
  status: gauge(
    'huaweicloud_swr_instance_status',
    ['region', 'instance_id', 'instance_name', 'status'],
    'SWR Enterprise instance as ListInstance reports it, always 1, with its raw status; only Running instances are polled for policies and registries, the others are listed here only.',
  ),
} as const;

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

export const SWR_REGISTRY_FAMILIES = {
  info: gauge(
    'huaweicloud_swr_registry_info',
    ['region', 'instance_id', 'registry_id', 'registry_name', 'type', 'url', 'insecure'],
    'SWR Enterprise replication registry, always 1; labels carry its type, URL (without user info) and insecure flag (ListInstanceRegistries / ShowInstanceRegistry).',
  ),
  healthy: gauge(
    'huaweicloud_swr_registry_healthy',
    SWR_REGISTRY,
    'Whether SWR reports the replication registry as healthy: 1 healthy, 0 any other status (ListInstanceRegistries / ShowInstanceRegistry).',
  ),
  status: gauge(
    'huaweicloud_swr_registry_status',
    [...SWR_REGISTRY, 'status'],
    'The replication registry with its raw status as SWR reports it (healthy, unhealthy or any other value; empty when absent), always 1 (ListInstanceRegistries / ShowInstanceRegistry).',
  ),
} as const;

/**
 * HSS allows 5 calls/minute per API (hss_02_0005): its series come from a cache refreshed at that pace, which the
 * HELP text says (Prometheus exporter guidelines: say when data is not live).
 */
const HSS_CACHED =
  ' Cached: refreshed every collectors.hss_registries.ttl, paced at the HSS quota; its age is huaweicloud_collector_data_age_seconds.';

export const HSS_FAMILIES = {
  info: gauge(
    'huaweicloud_hss_registry_info',
    [
      'region',
      'registry_id',
      'registry_name',
      'registry_type',
      'registry_addr',
      'protocol',
      'api_version',
      'scan_image_channel',
    ],
    `Image registry connected to HSS container image scanning, always 1; labels carry its type, address and access settings (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  status: gauge(
    'huaweicloud_hss_registry_status',
    [...HSS_REGISTRY, 'status'],
    `State set of the registry access status: 1 for the current status, 0 for the other known ones (success, fail, accessing); an unknown status is its own value (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  failed: gauge(
    'huaweicloud_hss_registry_failed',
    [...HSS_REGISTRY, 'fail_reason'],
    `Present with value 1 while HSS cannot access the registry, labelled with the reported fail_reason (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  images: gauge(
    'huaweicloud_hss_registry_images',
    HSS_REGISTRY,
    `Images HSS has synchronised from the registry: images_num (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  lastSync: gauge(
    'huaweicloud_hss_registry_last_sync_timestamp_seconds',
    HSS_REGISTRY,
    `Time of the last image synchronisation from the registry, latest_sync_time, in unix seconds (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  registries: gauge(
    'huaweicloud_hss_registries',
    ['region'],
    `Image registries connected to HSS in the project: total_num (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
} as const;

export const APIG_FAMILIES = {
  instanceStatus: gauge(
    'huaweicloud_apig_instance_status',
    ['region', 'gateway', 'instance_id', 'instance_name', 'status'],
    'API Gateway / ROMA Connect instance as its instance list reports it, always 1, with its raw status; only running instances are polled for signature keys (ListInstancesV2 / CheckRomaInstanceListV2).',
  ),
  info: gauge(
    'huaweicloud_apig_signature_key_info',
    ['region', 'gateway', 'instance_id', 'key_id', 'key_name', 'sign_type', 'sign_algorithm'],
    'API gateway signature key, always 1; labels carry its name, type and algorithm, never the key or secret (ListSignatureKeysV2).',
  ),
  boundApis: gauge(
    'huaweicloud_apig_signature_key_bound_apis',
    SIGN_KEY,
    'APIs bound to the signature key: bind_num (ListSignatureKeysV2).',
  ),
  boundBackends: gauge(
    'huaweicloud_apig_signature_key_bound_backends',
    SIGN_KEY,
    'Custom backends bound to the signature key: ldapi_bind_num (ListSignatureKeysV2).',
  ),
  created: gauge(
    'huaweicloud_apig_signature_key_created_timestamp_seconds',
    SIGN_KEY,
    'Creation time of the signature key, create_time, in unix seconds (ListSignatureKeysV2).',
  ),
  updated: gauge(
    'huaweicloud_apig_signature_key_updated_timestamp_seconds',
    SIGN_KEY,
    'Last update of the signature key, update_time, in unix seconds; key age for rotation alerts (ListSignatureKeysV2).',
  ),
  keys: gauge(
    'huaweicloud_apig_signature_keys',
    ['region', 'gateway', 'instance_id'],
    'Signature keys on the gateway instance: the total reported by ListSignatureKeysV2.',
  ),
} as const;

const COLLECTOR = ['collector', 'region'] as const;

export const COLLECTOR_STATUS_FAMILIES = {
  success: gauge(
    'huaweicloud_collector_success',
    COLLECTOR,
    'Whether the collector answered this scrape from a successful run within the deadline: 1 yes, 0 failed or missed it.',
  ),
  duration: gauge(
    'huaweicloud_collector_duration_seconds',
    COLLECTOR,
    "Duration of the collector's last run; while a refresh outlasts scrape deadlines, how long it has been running so far.",
  ),
  lastSuccess: gauge(
    'huaweicloud_collector_last_success_timestamp_seconds',
    COLLECTOR,
    'When the last successful run of the collector finished, in unix seconds.',
  ),
  dataAge: gauge(
    'huaweicloud_collector_data_age_seconds',
    COLLECTOR,
    "Age of the collector's data served in this scrape (0 right after a refresh; stale data is dropped past its max age).",
  ),
  seriesOmitted: gauge(
    'huaweicloud_collector_series_omitted',
    COLLECTOR,
    "Series the collector's served data left out because its run reached collectors.<name>.max_series (0 when none).",
  ),
} as const;

/** Every family collectors can emit, in exposition order. */
export const COLLECTED_FAMILIES: readonly MetricFamily[] = [
  ...Object.values(SWR_INSTANCE_FAMILIES),
  ...Object.values(SWR_SIGNING_FAMILIES),
  ...Object.values(SWR_REGISTRY_FAMILIES),
  ...Object.values(HSS_FAMILIES),
  ...Object.values(APIG_FAMILIES),
];
