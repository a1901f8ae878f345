// Changes made through the control API. Inputs come from tests and HTTP bodies, so every field is checked and
// a bad one yields `missing: 'invalid'` with a message naming it; nothing here throws on bad input.

import { executionToRaw, forceFinish, recordChanged, TASK_ID_FACTOR } from './executions.js';
import { HSS_FAIL_REASONS, HSS_REGISTRY_TYPES, HSS_STATUSES, hssRegistryRaw } from './generate-gateways.js';
import { registryRaw } from './generate-registries.js';
import { policyRaw } from './generate-swr.js';
import { findExecution, findPolicy, findProject, findSwrInstance, found, missing } from './lookup.js';
import { Rng } from './random.js';
import type { ExecutionRecord, WorldState } from './state.js';
import { swrTimestamp, ZERO_TIME } from './timestamps.js';
import type {
  ExecutionRaw,
  ExecutionTaskRaw,
  FinishExecution,
  HssRegistryRaw,
  NewExecution,
  NewHssRegistry,
  NewSignPolicy,
  NewSwrRegistry,
  SignPolicyDetailRaw,
  SwrRegistryRaw,
  WorldResult,
} from './types.js';

const SWR_REGISTRY_TYPES = ['swr-pro', 'swr-pro-internal', 'huawei-SWR'];
const SWR_REGISTRY_STATUSES = ['healthy', 'unhealthy'];
const EXECUTION_STATUSES = ['InProgress', 'Succeed', 'Failed', 'Stopped'];
const FINISH_STATUSES = ['Succeed', 'Failed', 'Stopped'];
const TASK_STATUSES = ['Pending', 'Running', 'Success', 'Error', 'Stopped'];
const TRIGGERS = ['manual', 'event_based'];

/** A fresh random stream per mutation, so mutations stay deterministic for a given sequence of calls. */
export function mutationRng(state: WorldState): Rng {
  state.serial = (state.serial + 1) >>> 0;
  return Rng.derive(state.seed, 'mutation', state.serial);
}

function invalid(message: string): { ok: false; missing: 'invalid'; message: string } {
  return missing('invalid', message);
}

function oneOf(field: string, value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value)
    ? undefined
    : `${field} must be one of ${allowed.join(', ')}, got "${value}"`;
}

function lengthError(field: string, value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string`;
  const length = [...value].length;
  return length < min || length > max
    ? `${field} must be ${min}–${max} characters, got ${length}`
    : undefined;
}

export function addSwrRegistry(
  state: WorldState,
  projectId: string,
  instanceId: string,
  input: NewSwrRegistry,
): WorldResult<SwrRegistryRaw> {
  const hit = findSwrInstance(state, projectId, instanceId);
  if (!hit.ok) return hit;
  const type = input.type ?? 'swr-pro';
  const problem =
    lengthError('name', input.name, 1, 64) ??
    oneOf('type', type, SWR_REGISTRY_TYPES) ??
    (input.status === undefined ? undefined : oneOf('status', input.status, SWR_REGISTRY_STATUSES));
  if (problem !== undefined) return invalid(problem);
  const instance = hit.value;
  for (const existing of instance.registries.values()) {
    if (existing.name === input.name) return invalid(`a registry named "${input.name}" already exists`);
  }
  const id = instance.nextRegistryId++;
  const { name, ...rest } = input;
  const raw = registryRaw(mutationRng(state), id, instance, {
    ...rest,
    name,
    type,
    createdMs: state.clock.nowMs,
  });
  instance.registries.set(id, raw);
  return found(raw);
}

export function setSwrRegistryStatus(
  state: WorldState,
  projectId: string,
  instanceId: string,
  registryId: number,
  status: string,
): WorldResult<SwrRegistryRaw> {
  const hit = findSwrInstance(state, projectId, instanceId);
  if (!hit.ok) return hit;
  const registry = hit.value.registries.get(registryId);
  if (registry === undefined) return missing('registry', `registry ${registryId} does not exist`);
  const problem = oneOf('status', status, SWR_REGISTRY_STATUSES);
  if (problem !== undefined) return invalid(problem);
  const updated = Object.freeze({
    ...registry,
    status,
    updated_at: swrTimestamp(state.clock.nowMs, mutationRng(state)),
  });
  hit.value.registries.set(registryId, updated);
  return found(updated);
}

function checkHssFields(status: string, failReason: string | undefined): string | undefined {
  const problem =
    oneOf('status', status, HSS_STATUSES) ??
    (failReason === undefined ? undefined : oneOf('fail_reason', failReason, HSS_FAIL_REASONS));
  if (problem !== undefined) return problem;
  return failReason !== undefined && status !== 'fail'
    ? 'fail_reason is only allowed with status fail'
    : undefined;
}

export function addHssRegistry(
  state: WorldState,
  projectId: string,
  input: NewHssRegistry,
): WorldResult<HssRegistryRaw> {
  const project = findProject(state, projectId);
  if (!project.ok) return project;
  const status = input.status ?? 'success';
  const type = input.registry_type ?? 'Harbor';
  const images = input.images_num ?? 0;
  const problem =
    lengthError('registry_name', input.registry_name, 1, 128) ??
    oneOf('registry_type', type, HSS_REGISTRY_TYPES) ??
    checkHssFields(status, input.fail_reason) ??
    (Number.isInteger(images) && images >= 0 && images <= 20000
      ? undefined
      : 'images_num must be an integer 0–20000') ??
    (input.registry_addr === undefined
      ? undefined
      : lengthError('registry_addr', input.registry_addr, 1, 256));
  if (problem !== undefined) return invalid(problem);
  const fields = {
    registry_name: input.registry_name,
    registry_type: type,
    status,
    images_num: images,
    latest_sync_time: state.clock.nowMs,
    ...(input.registry_addr === undefined ? {} : { registry_addr: input.registry_addr }),
    ...(input.fail_reason === undefined ? {} : { fail_reason: input.fail_reason }),
  };
  const raw = hssRegistryRaw(mutationRng(state), fields);
  const enterpriseProjectId = input.enterprise_project_id ?? '0';
  project.value.hss.set(raw.id, { raw, enterpriseProjectId, syncIntervalMs: 10 * 60_000 });
  return found(raw);
}

export function setHssRegistryStatus(
  state: WorldState,
  projectId: string,
  registryId: string,
  status: string,
  failReason?: string,
): WorldResult<HssRegistryRaw> {
  const project = findProject(state, projectId);
  if (!project.ok) return project;
  const entry = project.value.hss.get(registryId);
  if (entry === undefined) return missing('registry', `registry ${registryId} does not exist`);
  const problem = checkHssFields(status, failReason);
  if (problem !== undefined) return invalid(problem);
  const { fail_reason: _previous, ...rest } = entry.raw;
  const next: HssRegistryRaw = { ...rest, status };
  if (status === 'fail') next.fail_reason = failReason ?? 'REQUEST_API_ERROR';
  entry.raw = Object.freeze(next);
  return found(entry.raw);
}

export function addSignPolicy(
  state: WorldState,
  projectId: string,
  instanceId: string,
  input: NewSignPolicy,
): WorldResult<SignPolicyDetailRaw> {
  const hit = findSwrInstance(state, projectId, instanceId);
  if (!hit.ok) return hit;
  const instance = hit.value;
  const namespace = instance.namespaces.get(input.namespace_name);
  if (namespace === undefined)
    return missing('namespace', `namespace ${input.namespace_name} does not exist`);
  const problem =
    (input.name === undefined ? undefined : lengthError('name', input.name, 1, 64)) ??
    (input.trigger_type === undefined ? undefined : oneOf('trigger_type', input.trigger_type, TRIGGERS));
  if (problem !== undefined) return invalid(problem);
  for (const policy of instance.policies.values()) {
    if (input.name !== undefined && policy.raw.name === input.name) {
      return invalid(`a signature policy named "${input.name}" already exists`);
    }
  }
  const id = instance.nextPolicyId++;
  const raw = policyRaw(mutationRng(state), id, namespace, state.clock.nowMs, input);
  instance.policies.set(id, { raw, namespace, executions: [] });
  instance.policyIds = undefined;
  return found(raw);
}

export function deleteSignPolicy(
  state: WorldState,
  projectId: string,
  instanceId: string,
  policyId: number,
): WorldResult<SignPolicyDetailRaw> {
  const hit = findPolicy(state, projectId, instanceId, policyId);
  if (!hit.ok) return hit;
  const { instance, policy } = hit.value;
  for (const record of policy.executions) instance.running.delete(record.id);
  instance.policies.delete(policyId);
  instance.policyIds = undefined;
  return found(policy.raw);
}

export function addExecution(
  state: WorldState,
  projectId: string,
  instanceId: string,
  policyId: number,
  input: NewExecution,
): WorldResult<ExecutionRaw> {
  const hit = findPolicy(state, projectId, instanceId, policyId);
  if (!hit.ok) return hit;
  const tasks = input.tasks ?? [];
  const problem =
    oneOf('status', input.status, EXECUTION_STATUSES) ??
    (input.trigger === undefined ? undefined : oneOf('trigger', input.trigger, TRIGGERS)) ??
    (tasks.length > 999 ? 'at most 999 tasks per execution' : undefined) ??
    tasks
      .map((task, i) => oneOf(`tasks[${i}].status`, task.status, TASK_STATUSES))
      .find((p) => p !== undefined);
  if (problem !== undefined) return invalid(problem);
  const { instance, policy } = hit.value;
  const rng = mutationRng(state);
  const id = instance.nextExecutionId++;
  const now = state.clock.nowMs;
  const createdAt = swrTimestamp(now, rng);
  const explicitTasks: ExecutionTaskRaw[] = tasks.map((task, i) => ({
    id: id * TASK_ID_FACTOR + i + 1,
    execution_id: id,
    job_id: rng.hex(24),
    status: task.status,
    status_text: task.status_text ?? '',
    namespace: policy.raw.namespace_name,
    repository: task.repository ?? `repo-${i + 1}`,
    created_at: createdAt,
    updated_at: task.status === 'Pending' ? ZERO_TIME : createdAt,
  }));
  const record: ExecutionRecord = {
    id,
    policyId,
    trigger: input.trigger ?? 'manual',
    createdMs: now,
    created_at: createdAt,
    updated_at: input.status === 'InProgress' ? ZERO_TIME : createdAt,
    status: input.status,
    status_text: input.status_text ?? '',
    taskCount: explicitTasks.length,
    fate: 'succeed',
    done: explicitTasks.length,
    forcedFrom: explicitTasks.length,
    forcedStatus: undefined,
    explicitTasks,
    // Only the control API ends an execution it created: ticks leave it alone.
    finishAtMs: undefined,
    counts: { total: 0, failed: 0, succeed: 0, in_progress: 0, stopped: 0 },
    taskCache: undefined,
  };
  recordChanged(state.seed, record);
  policy.executions.push(record);
  return found(executionToRaw(record));
}

export function finishExecution(
  state: WorldState,
  projectId: string,
  instanceId: string,
  policyId: number,
  executionId: number,
  input: FinishExecution,
): WorldResult<ExecutionRaw> {
  const hit = findExecution(state, projectId, instanceId, policyId, executionId);
  if (!hit.ok) return hit;
  const problem = oneOf('status', input.status, FINISH_STATUSES);
  if (problem !== undefined) return invalid(problem);
  const { instance, record } = hit.value;
  if (record.status !== 'InProgress')
    return invalid(`execution ${executionId} has already ended (${record.status})`);
  forceFinish(
    state.seed,
    record,
    input.status,
    input.status_text ?? '',
    swrTimestamp(state.clock.nowMs, mutationRng(state)),
  );
  instance.running.delete(executionId);
  return found(executionToRaw(record));
}
