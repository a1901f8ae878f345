// Lookups that say exactly what is missing (project, instance, namespace, policy, execution, registry, key),
// because the routes answer each with a different 404 code.

import type {
  ExecutionRecord,
  GatewayInstanceState,
  PolicyState,
  ProjectState,
  SwrInstanceState,
  WorldState,
} from './state.js';
import type { ApigInstanceRaw, GatewayKind, MissingKind, RomaInstanceRaw, WorldResult } from './types.js';

export function missing<K extends MissingKind>(
  kind: K,
  message: string,
): { ok: false; missing: K; message: string } {
  return { ok: false, missing: kind, message };
}

export function found<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function findProject(state: WorldState, projectId: string): WorldResult<ProjectState> {
  const project = state.projects.get(projectId);
  return project === undefined ? missing('project', `project ${projectId} does not exist`) : found(project);
}

export function findSwrInstance(
  state: WorldState,
  projectId: string,
  instanceId: string,
): WorldResult<SwrInstanceState> {
  const project = findProject(state, projectId);
  if (!project.ok) return project;
  const instance = project.value.swr.get(instanceId);
  return instance === undefined
    ? missing('instance', `instance ${instanceId} does not exist`)
    : found(instance);
}

export interface PolicyHit {
  instance: SwrInstanceState;
  policy: PolicyState;
}

/** With a namespace name (from the URL path) the policy must also belong to that namespace. */
export function findPolicy(
  state: WorldState,
  projectId: string,
  instanceId: string,
  policyId: number,
  namespaceName?: string,
): WorldResult<PolicyHit> {
  const instance = findSwrInstance(state, projectId, instanceId);
  if (!instance.ok) return instance;
  if (namespaceName !== undefined && !instance.value.namespaces.has(namespaceName)) {
    return missing('namespace', `namespace ${namespaceName} does not exist`);
  }
  const policy = instance.value.policies.get(policyId);
  if (policy === undefined || (namespaceName !== undefined && policy.raw.namespace_name !== namespaceName)) {
    return missing('policy', `signature policy ${policyId} does not exist`);
  }
  return found({ instance: instance.value, policy });
}

export interface ExecutionHit extends PolicyHit {
  record: ExecutionRecord;
}

/** Executions are kept in ascending id order, so a binary search finds one among thousands. */
export function findExecution(
  state: WorldState,
  projectId: string,
  instanceId: string,
  policyId: number,
  executionId: number,
  namespaceName?: string,
): WorldResult<ExecutionHit> {
  const hit = findPolicy(state, projectId, instanceId, policyId, namespaceName);
  if (!hit.ok) return hit;
  const executions = hit.value.policy.executions;
  let low = 0;
  let high = executions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const record = executions[middle];
    if (record === undefined) break;
    if (record.id === executionId) return found({ ...hit.value, record });
    if (record.id < executionId) low = middle + 1;
    else high = middle - 1;
  }
  return missing('execution', `execution ${executionId} does not exist`);
}

export function findGatewayInstance(
  state: WorldState,
  gateway: GatewayKind,
  projectId: string,
  instanceId: string,
): WorldResult<GatewayInstanceState<ApigInstanceRaw | RomaInstanceRaw>> {
  const project = findProject(state, projectId);
  if (!project.ok) return project;
  const instances: Map<string, GatewayInstanceState<ApigInstanceRaw | RomaInstanceRaw>> = gateway === 'apig'
    ? project.value.apig
    : project.value.roma;
  const instance = instances.get(instanceId);
  return instance === undefined
    ? missing('instance', `instance ${instanceId} does not exist`)
    : found(instance);
}
