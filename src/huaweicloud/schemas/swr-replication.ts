// SWR Enterprise replication bodies (docs/apis/swr-replication.md; Go SDK services/swr/v2 models
// ReplicationPolicy, Execution, TaskDetail); retention's are in swr-retention.ts. Only what the replication
// collector reads is declared: identity strict (what labels a series or addresses a sub-resource), every
// other field a tolerant value (records.ts). The record types are the schemas' output, as in models.ts.

import { z } from 'zod';
import { flag, integer, optInteger, optText, pathIntegerId, text, timestamp } from './fields.js';
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

// ListInstanceReplicationPolicies → ReplicationPolicy (Go: every field optional).
export const swrReplicationPolicyRecord = record({
  identity: { id: pathIntegerId(), name: text(), enabled: flag() },
  values: { trigger: triggerType(), src_registry: registryRef(), dest_registry: registryRef() },
  build: ({ trigger, src_registry, dest_registry, ...r }) => ({
    ...r,
    trigger_type: trigger,
    src_registry_id: src_registry,
    dest_registry_id: dest_registry,
  }),
});

export type SwrReplicationPolicy = z.output<typeof swrReplicationPolicyRecord.schema>;

export const listSwrReplicationPoliciesBody = pageOf('policies', swrReplicationPolicyRecord);

// ListInstanceReplicationPolicyExecutions → Execution (Go: all required; id and status are the record).
export const swrReplicationExecutionRecord = record({
  identity: { id: pathIntegerId(), status: text() },
  values: {
    policy_id: optInteger(),
    trigger: optText(),
    total: optInteger(),
    succeed: optInteger(),
    failed: optInteger(),
    in_progress: optInteger(),
    stopped: optInteger(),
    /** When it started. */
    created_at: timestamp(),
    /** Its last change: the end once status is final (SWR has no end_time here). */
    updated_at: timestamp(),
  },
});

export type SwrReplicationExecution = z.output<typeof swrReplicationExecutionRecord.schema>;

export const listSwrReplicationExecutionsBody = pageOf('executions', swrReplicationExecutionRecord);

/**
 * `library/app:[v1,v2]` or `library/app@sha256:…` → `library/app`: a tag list or digest would make the label
 * unbounded. A colon before the last `/` is a registry's port, kept.
 */
export function repositoryOfResource(resource: string | undefined): string | undefined {
  if (resource === undefined) return undefined;
  const at = resource.indexOf('@');
  const named = at < 0 ? resource : resource.slice(0, at);
  const colon = named.search(/:(\[|[^/]*$)/);
  const repository = colon < 0 ? named : named.slice(0, colon);
  return repository === '' ? undefined : repository;
}

// ListInstanceReplicationPolicyExecTasks → TaskDetail (Go: all required). execution_id is left unread (the
// caller asked for that execution's tasks).
export const swrReplicationTaskRecord = record({
  identity: { id: integer(), status: text() },
  values: { src_resource: optText(), start_time: timestamp(), end_time: timestamp() },
  /** `repository`: the repository part of src_resource; undefined when absent. */
  build: ({ src_resource, ...r }) => ({ ...r, repository: repositoryOfResource(src_resource) }),
});

export type SwrReplicationTask = z.output<typeof swrReplicationTaskRecord.schema>;

export const listSwrReplicationTasksBody = pageOf('tasks', swrReplicationTaskRecord);
