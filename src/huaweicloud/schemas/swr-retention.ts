// SWR Enterprise retention (clean-up) bodies (docs/apis/swr-replication.md; Go SDK services/swr/v2 models
// ImageRetention, RetentionExecution, Task). Identity strict, every other field a tolerant value
// (records.ts), as for replication (swr-replication.ts, whose trigger reading it shares). The record types
// are the schemas' output.

import type { z } from 'zod';
import {
  flag,
  integer,
  optFlag,
  optInteger,
  optText,
  pathIntegerId,
  text,
  textId,
  timestamp,
} from './fields.js';
import { pageOf, record } from './records.js';
import { triggerType } from './swr-replication.js';

// ListInstanceRetentionPolicies → ImageRetention (Go: all required). The namespace addresses the executions.
export const swrRetentionPolicyRecord = record({
  identity: { id: pathIntegerId(), name: text(), namespace_name: textId(), enabled: flag() },
  values: { namespace_id: optInteger(), trigger: triggerType() },
  build: ({ trigger, ...r }) => ({ ...r, trigger_type: trigger }),
});

export type SwrRetentionPolicy = z.output<typeof swrRetentionPolicyRecord.schema>;

export const listSwrRetentionPoliciesBody = pageOf('retentions', swrRetentionPolicyRecord);

// ListInstanceRetentionPolicyExecutions → RetentionExecution (Go: all required; no task counts here).
export const swrRetentionExecutionRecord = record({
  identity: { id: pathIntegerId(), status: text() },
  values: {
    policy_id: optInteger(),
    dry_run: optFlag(),
    trigger: optText(),
    start_time: timestamp(),
    end_time: timestamp(),
  },
});

export type SwrRetentionExecution = z.output<typeof swrRetentionExecutionRecord.schema>;

export const listSwrRetentionExecutionsBody = pageOf('executions', swrRetentionExecutionRecord);

// ListInstanceRetentionPolicyExecTasks → Task (Go: all required; execution_id left unread, as for replication).
export const swrRetentionTaskRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    repository: optText(),
    /** Tags the repository had, and how many the policy kept. */
    total: optInteger(),
    retained: optInteger(),
    start_time: timestamp(),
    end_time: timestamp(),
  },
});

export type SwrRetentionTask = z.output<typeof swrRetentionTaskRecord.schema>;

export const listSwrRetentionTasksBody = pageOf('tasks', swrRetentionTaskRecord);
