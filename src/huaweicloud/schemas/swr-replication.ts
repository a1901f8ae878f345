// SWR Enterprise replication bodies (docs/apis/swr-replication.md; Go SDK services/swr/v2 models
// ReplicationPolicy, Execution, TaskDetail); retention's are in swr-retention.ts. Only what the replication
// collector reads is declared: identity strict (what labels a series or addresses a sub-resource), every
// other field a tolerant value (records.ts). The record types live here, with their schemas.

import { z } from 'zod';
import { flag, integer, optInteger, optText, text, timestamp } from './fields.js';
import { pageOf, record } from './records.js';

/** `{ id }` of src_registry / dest_registry; SWR sends one of the two (pull- or push-based). */
const registryRef = () =>
  z
    .object({ id: optInteger() })
    .nullish()
    .transform((r) => r?.id);

/** `trigger.type` (manual | scheduled | event_based; an unknown value is data). */
export const triggerType = () =>
  z
    .object({ type: optText() })
    .nullish()
    .transform((t) => t?.type);

export interface SwrReplicationPolicy {
  id: number;
  name: string;
  enabled: boolean;
  trigger_type: string | undefined;
  src_registry_id: number | undefined;
  dest_registry_id: number | undefined;
}

// ListInstanceReplicationPolicies → ReplicationPolicy (Go: every field optional).
export const swrReplicationPolicyRecord = record({
  identity: { id: integer(), name: text(), enabled: flag() },
  values: { trigger: triggerType(), src_registry: registryRef(), dest_registry: registryRef() },
  build: (r): SwrReplicationPolicy => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    trigger_type: r.trigger,
    src_registry_id: r.src_registry,
    dest_registry_id: r.dest_registry,
  }),
});

export const listSwrReplicationPoliciesBody = pageOf('policies', swrReplicationPolicyRecord);

export interface SwrReplicationExecution {
  id: number;
  status: string;
  policy_id: number | undefined;
  trigger: string | undefined;
  total: number | undefined;
  succeed: number | undefined;
  failed: number | undefined;
  in_progress: number | undefined;
  stopped: number | undefined;
  /** When it started. */
  created_at: Date | null;
  /** Its last change: the end once status is final (SWR has no end_time here). */
  updated_at: Date | null;
}

// ListInstanceReplicationPolicyExecutions → Execution (Go: all required; id and status are the record).
export const swrReplicationExecutionRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    policy_id: optInteger(),
    trigger: optText(),
    total: optInteger(),
    succeed: optInteger(),
    failed: optInteger(),
    in_progress: optInteger(),
    stopped: optInteger(),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
  build: (r): SwrReplicationExecution => ({ ...r }),
});

export const listSwrReplicationExecutionsBody = pageOf('executions', swrReplicationExecutionRecord);

export interface SwrReplicationTask {
  id: number;
  status: string;
  execution_id: number | undefined;
  /** The repository part of src_resource (`ns/repo:[tags]` → `ns/repo`); undefined when absent. */
  repository: string | undefined;
  start_time: Date | null;
  end_time: Date | null;
}

/** `library/app:[v1,v2]` → `library/app`: the tag list would make the label unbounded. */
export function repositoryOfResource(resource: string | undefined): string | undefined {
  if (resource === undefined) return undefined;
  const colon = resource.search(/:(\[|[^/]*$)/);
  const repository = colon < 0 ? resource : resource.slice(0, colon);
  return repository === '' ? undefined : repository;
}

// ListInstanceReplicationPolicyExecTasks → TaskDetail (Go: all required).
export const swrReplicationTaskRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    execution_id: optInteger(),
    src_resource: optText(),
    start_time: timestamp(),
    end_time: timestamp(),
  },
  build: (r): SwrReplicationTask => ({
    id: r.id,
    status: r.status,
    execution_id: r.execution_id,
    repository: repositoryOfResource(r.src_resource),
    start_time: r.start_time,
    end_time: r.end_time,
  }),
});

export const listSwrReplicationTasksBody = pageOf('tasks', swrReplicationTaskRecord);
