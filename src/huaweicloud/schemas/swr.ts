// SWR Enterprise response bodies (docs §4.1, §4.2, §4.5, §5; seeds 000, 001, 004). Each schema declares the
// fields the exporter reads — identity strict, values tolerant (records.ts) — and its output is the record type (models.ts names them).

import { z } from 'zod';
import { flag, integer, optInteger, optText, text, textId, timestamp } from './fields.js';
import { pageOf, record } from './records.js';

// ListInstance → Instance (Go: all optional). The exporter reads only id, name and status (discovery and the
// instance status series); every other field is left unread, so an odd value there costs nothing.
export const swrInstanceRecord = record({
  identity: { id: textId(), name: text(), status: text() },
  values: {},
});

export const listSwrInstancesBody = pageOf('instances', swrInstanceRecord);

// ListInstanceSignPolicies → SignPolicyDetail. Identity: what labels the policy and addresses its executions.
// The signature algorithm/method and namespace_id are left unread: no series or check uses them.
export const swrSignPolicyRecord = record({
  identity: { id: integer(), name: text(), namespace_name: text(), enabled: flag() },
  values: {
    trigger: z
      .object({ type: optText() })
      .nullish()
      .transform((t) => t ?? undefined),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
  build: ({ trigger, ...r }) => ({ ...r, trigger_type: trigger?.type }),
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
});

export const listSwrSignExecutionsBody = pageOf('executions', swrSignExecutionRecord);

// ListInstanceSignPolicyExecTasks → SignatureExecutionTask (Go: all optional; id and status are the record).
// execution_id (the caller knows it), job_id and status_text are left unread.
export const swrSignExecutionTaskRecord = record({
  identity: { id: integer(), status: text() },
  values: {
    namespace: optText(),
    repository: optText(),
    created_at: timestamp(),
    updated_at: timestamp(),
  },
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
  build: ({ credential, ...r }) => ({ ...r, credential_type: credential?.type }),
});

/** A single record: its value fields are tolerant, a bad identity fails the call (there is nothing else). */
export const showSwrRegistryBody = swrRegistryRecord.schema;

export const listSwrRegistriesBody = pageOf('registries', swrRegistryRecord);
