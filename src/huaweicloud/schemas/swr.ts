// SWR Enterprise response bodies (docs §4.1, §4.2, §4.5, §5; seeds 000, 001, 004). Each schema validates every
// documented field and outputs the records of models.ts.

import { z } from 'zod';
import type {
  Page,
  SwrInstance,
  SwrRegistry,
  SwrSignExecution,
  SwrSignExecutionTask,
  SwrSignPolicy,
} from '../models.js';
import {
  flag,
  integer,
  list,
  opaque,
  optFlag,
  optInteger,
  optText,
  optTotal,
  text,
  timestamp,
} from './fields.js';

// ListInstance → Instance (Go: all optional; id/name/status are what discovery needs).
export const swrInstanceSchema = z
  .object({
    id: text(),
    name: text(),
    description: optText(),
    vpc_id: optText(),
    subnet_id: optText(),
    spec: optText(),
    version: optText(),
    charge_mode: optText(),
    access_address: optText(),
    created_at: timestamp(),
    updated_at: timestamp(),
    expires_at: timestamp(),
    status: text(),
    obs_bucket_name: optText(),
    project_id: optText(),
    enterprise_project_id: optText(),
    user_def_obs: optFlag(),
    product_id: optText(),
    order_id: optText(),
    vpc_name: optText(),
    vpc_cidr: optText(),
    subnet_name: optText(),
    subnet_cidr: optText(),
    vpcep_service_id: optText(),
  })
  .transform(
    (r): SwrInstance => ({
      id: r.id,
      name: r.name,
      status: r.status,
      spec: r.spec,
      version: r.version,
      project_id: r.project_id,
      enterprise_project_id: r.enterprise_project_id,
      access_address: r.access_address,
      created_at: r.created_at,
      updated_at: r.updated_at,
      expires_at: r.expires_at,
    }),
  );

export const listSwrInstancesBody = z
  .object({ instances: list(swrInstanceSchema), total: optTotal() })
  .transform((b): Page<SwrInstance> => ({ items: b.instances, total: b.total }));

// ListInstanceSignPolicies → SignPolicyDetail. `signature_key` is the id of the KMS key that signs, not key
// material; it is typed here and not copied into the record.
export const swrSignPolicySchema = z
  .object({
    id: integer(),
    name: text(),
    description: optText(),
    namespace_id: optInteger(),
    namespace_name: text(),
    trigger: z
      .object({ type: optText(), trigger_settings: opaque() })
      .nullish()
      .transform((t) => t ?? undefined),
    creator: optText(),
    enabled: flag(),
    scope_rules: opaque(),
    created_at: timestamp(),
    updated_at: timestamp(),
    signature_algorithm: optText(),
    signature_key: optText(),
    signature_method: optText(),
  })
  .transform(
    (r): SwrSignPolicy => ({
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
  );

export const listSwrSignPoliciesBody = z
  .object({ policies: list(swrSignPolicySchema), total: optTotal() })
  .transform((b): Page<SwrSignPolicy> => ({ items: b.policies, total: b.total }));

// ListInstanceSignPolicyExecutions → Execution: Go marks every field required, so they are required here.
export const swrSignExecutionSchema = z
  .object({
    id: integer(),
    policy_id: integer(),
    status: text(),
    status_text: text(),
    total: integer(),
    failed: integer(),
    succeed: integer(),
    in_progress: integer(),
    stopped: integer(),
    trigger: text(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .transform((r): SwrSignExecution => ({ ...r }));

export const listSwrSignExecutionsBody = z
  .object({ executions: list(swrSignExecutionSchema), total: optTotal() })
  .transform((b): Page<SwrSignExecution> => ({ items: b.executions, total: b.total }));

// ListInstanceSignPolicyExecTasks → SignatureExecutionTask (Go: all optional; id and status are the record).
export const swrSignExecutionTaskSchema = z
  .object({
    id: integer(),
    execution_id: optInteger(),
    job_id: optText(),
    status: text(),
    status_text: optText(),
    namespace: optText(),
    repository: optText(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .transform(
    (r): SwrSignExecutionTask => ({
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
  );

export const listSwrSignExecutionTasksBody = z
  .object({ tasks: list(swrSignExecutionTaskSchema), total: optTotal() })
  .transform((b): Page<SwrSignExecutionTask> => ({ items: b.tasks, total: b.total }));

// Registry (ListInstanceRegistries items and the ShowInstanceRegistry body). Only `credential.type` is
// declared: zod drops undeclared keys, so access_key/access_secret are never read, validated or returned.
export const swrRegistrySchema = z
  .object({
    id: integer(),
    name: text(),
    description: optText(),
    region_id: optText(),
    instance_id: optText(),
    type: text(),
    url: text(),
    credential: z
      .object({ type: optText() })
      .nullish()
      .transform((c) => c ?? undefined),
    insecure: flag(),
    status: text(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .transform(
    (r): SwrRegistry => ({
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
  );

export const showSwrRegistryBody = swrRegistrySchema;

export const listSwrRegistriesBody = z
  .object({ registries: list(swrRegistrySchema), total: optTotal() })
  .transform((b): Page<SwrRegistry> => ({ items: b.registries, total: b.total }));
