// SWR Enterprise retention (clean-up) bodies (docs/apis/swr-replication.md; Go SDK services/swr/v2 models
// ImageRetention, RetentionExecution, Task). Identity strict, every other field a tolerant value
// (records.ts), as for replication (swr-replication.ts, whose trigger reading it shares).

import { flag, integer, optFlag, optInteger, optText, text, timestamp } from './fields.js';
import { pageOf, record } from './records.js';
import { triggerType } from './swr-replication.js';

export interface SwrRetentionPolicy {
  id: number;
  name: string;
  namespace_name: string;
  enabled: boolean;
  namespace_id: number | undefined;
  trigger_type: string | undefined;
}

// ListInstanceRetentionPolicies → ImageRetention (Go: all required). The namespace addresses the executions.
export const swrRetentionPolicyRecord = record({
  identity: { id: integer(), name: text(), namespace_name: text(), enabled: flag() },
  values: { namespace_id: optInteger(), trigger: triggerType() },
  build: (r): SwrRetentionPolicy => ({
    id: r.id,
    name: r.name,
    namespace_name: r.namespace_name,
    enabled: r.enabled,
    namespace_id: r.namespace_id,
    trigger_type: r.trigger,
  }),
});

export const listSwrRetentionPoliciesBody = pageOf('retentions', swrRetentionPolicyRecord);

export interface SwrRetentionExecution {
  id: number;
  status: string;
  policy_id: number | undefined;
  dry_run: boolean | undefined;
  trigger: string | undefined;
  start_time: Date | null;
  end_time: Date | null;
}

// ListInstanceRetentionPolicyExecutions → RetentionExecution (Go: all required; no task counts here).
export const swrRetentionExecutionRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    policy_id: optInteger(),
    dry_run: optFlag(),
    trigger: optText(),
    start_time: timestamp(),
    end_time: timestamp(),
  },
  build: (r): SwrRetentionExecution => ({ ...r }),
});

export const listSwrRetentionExecutionsBody = pageOf('executions', swrRetentionExecutionRecord);

export interface SwrRetentionTask {
  id: number;
  status: string;
  execution_id: number | undefined;
  repository: string | undefined;
  /** Tags the repository had, and how many the policy kept. */
  total: number | undefined;
  retained: number | undefined;
  start_time: Date | null;
  end_time: Date | null;
}

// ListInstanceRetentionPolicyExecTasks → Task (Go: all required).
export const swrRetentionTaskRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    execution_id: optInteger(),
    repository: optText(),
    total: optInteger(),
    retained: optInteger(),
    start_time: timestamp(),
    end_time: timestamp(),
  },
  build: (r): SwrRetentionTask => ({ ...r }),
});

export const listSwrRetentionTasksBody = pageOf('tasks', swrRetentionTaskRecord);
