// SWR Enterprise response bodies (docs §4.1, §4.2, §4.5, §5; seeds 000, 001, 004). Each schema declares the
// fields the exporter reads — identity strict, values tolerant (records.ts) — and outputs models.ts records.

import { z } from 'zod';
import type {
  SwrInstance,
  SwrRegistry,
  SwrSignExecution,
  SwrSignExecutionTask,
  SwrSignPolicy,
} from '../models.js';
import { flag, integer, optInteger, optText, text, textId, timestamp } from './fields.js';
import { pageOf, record } from './records.js';

// ListInstance → Instance (Go: all optional). The exporter reads only id, name and status (discovery and the
// instance status series); every other field is left unread, so an odd value there costs nothing.
export const swrInstanceRecord = record({
  identity: { id: textId(), name: text(), status: text() },
  values: {},
  build: (r): SwrInstance => ({ id: r.id, name: r.name, status: r.status }),
});

export const listSwrInstancesBody = pageOf('instances', swrInstanceRecord);

// ListInstanceSignPolicies → SignPolicyDetail. Identity: what labels the policy and addresses its executions.
export const swrSignPolicyRecord = record({
  identity: { id: integer(), name: text(), namespace_name: text(), enabled: flag() },
  values: {
    namespace_id: optInteger(),
    trigger: z
      .object({ type: optText() })
      .nullish()
      .transform((t) => t ?? undefined),
    signature_algorithm: optText(),
    signature_method: optText(),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
  build: (r): SwrSignPolicy => ({
    id: r.id,
    name: r.name,
    namespace_id: r.namespace_id,
    namespace_name: r.namespace_name,
    enabled: r.enabled,
    trigger_type: r.trigger?.type,
    signature_algorithm: r.signature_algorithm,
    signature_method: r.signature_method,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }),
});

export const listSwrSignPoliciesBody = pageOf('policies', swrSignPolicyRecord);

// ListInstanceSignPolicyExecutions → Execution. Go marks every field required, but only id and status are
// identity: a count that cannot be read omits its own series, not the policy's.
export const swrSignExecutionRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    policy_id: optInteger(),
    status_text: optText(),
    total: optInteger(),
    failed: optInteger(),
    succeed: optInteger(),
    in_progress: optInteger(),
    stopped: optInteger(),
    trigger: optText(),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
  build: (r): SwrSignExecution => ({
    id: r.id,
    policy_id: r.policy_id,
    status: r.status,
    status_text: r.status_text,
    total: r.total,
    failed: r.failed,
    succeed: r.succeed,
    in_progress: r.in_progress,
    stopped: r.stopped,
    trigger: r.trigger,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }),
});

export const listSwrSignExecutionsBody = pageOf('executions', swrSignExecutionRecord);

// ListInstanceSignPolicyExecTasks → SignatureExecutionTask (Go: all optional; id and status are the record).
export const swrSignExecutionTaskRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    execution_id: optInteger(),
    job_id: optText(),
    status_text: optText(),
    namespace: optText(),
    repository: optText(),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
  build: (r): SwrSignExecutionTask => ({
    id: r.id,
    execution_id: r.execution_id,
    job_id: r.job_id,
    status: r.status,
    status_text: r.status_text,
    namespace: r.namespace,
    repository: r.repository,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }),
});

export const listSwrSignExecutionTasksBody = pageOf('tasks', swrSignExecutionTaskRecord);

// Registry (ListInstanceRegistries items and the ShowInstanceRegistry body). Only `credential.type` is
// declared: undeclared keys are dropped, so access_key/access_secret are never read, validated or returned.
export const swrRegistryRecord = record({
  identity: { id: integer(), name: text(), type: text(), url: text(), insecure: flag(), status: text() },
  values: {
    description: optText(),
    region_id: optText(),
    instance_id: optText(),
    credential: z
      .object({ type: optText() })
      .nullish()
      .transform((c) => c ?? undefined),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
  build: (r): SwrRegistry => ({
    id: r.id,
    name: r.name,
    description: r.description,
    region_id: r.region_id,
    instance_id: r.instance_id,
    type: r.type,
    url: r.url,
    credential_type: r.credential?.type,
    insecure: r.insecure,
    status: r.status,
    created_at: r.created_at,
    updated_at: r.updated_at,
  }),
});

/** A single record: its value fields are tolerant, a bad identity fails the call (there is nothing else). */
export const showSwrRegistryBody = swrRegistryRecord.schema;

export const listSwrRegistriesBody = pageOf('registries', swrRegistryRecord);
