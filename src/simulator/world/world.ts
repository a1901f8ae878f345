// The World over a WorldState: read-side queries here, mutations delegated to mutations*.ts, time to tick.ts.

import { executionTasks, executionToRaw } from './executions.js';
import {
  filterApigInstances,
  filterHssRegistries,
  filterNamespaces,
  filterSignatureKeys,
  filterSwrRegistries,
} from './filters.js';
import { ListCache } from './list-cache.js';
import {
  findExecution,
  findGatewayInstance,
  findPolicy,
  findProject,
  findSwrInstance,
  found,
  missing,
} from './lookup.js';
import * as mutate from './mutations.js';
import * as mutateGateway from './mutations-gateway.js';
import type { WorldState } from './state.js';
import { advanceClock } from './tick.js';
import type {
  ApigInstanceRaw,
  ExecutionOrder,
  ExecutionRaw,
  ExecutionTaskRaw,
  FinishExecution,
  GatewayInstanceFilter,
  GatewayKind,
  HssRegistryFilter,
  HssRegistryRaw,
  IamProjectRaw,
  IamUserRaw,
  NamespaceFilter,
  NewExecution,
  NewHssRegistry,
  NewSignatureKey,
  NewSignPolicy,
  NewSwrRegistry,
  RegionInfo,
  RomaInstanceRaw,
  ScaleCounts,
  SignatureKeyFilter,
  SignatureKeyRaw,
  SignPolicyDetailRaw,
  SwrInstanceFilter,
  SwrInstanceRaw,
  SwrNamespaceRaw,
  SwrRegistryFilter,
  SwrRegistryRaw,
  TickSummary,
  UnreadableRecord,
  World,
  WorldResult,
} from './types.js';

/** A snapshot is a dump: key material is masked there even though the signs API serves it in clear. */
function maskKey(key: SignatureKeyRaw): SignatureKeyRaw {
  return { ...key, sign_key: '*****', sign_secret: '*****' };
}

const EXECUTION_ORDERS: readonly ExecutionOrder[] = ['newest_first', 'oldest_first'];

export class SimWorld implements World {
  readonly seed: number;
  readonly counts: Readonly<ScaleCounts>;
  readonly regions: readonly RegionInfo[];
  readonly domainId: string;
  readonly domainName: string;

  readonly variety: boolean = false;
  /** Whole lists the routes page through, rebuilt only after the world changed. */
  readonly #lists = new ListCache();

  constructor(protected readonly state: WorldState) {
    this.seed = state.seed;
    this.counts = Object.freeze({ ...state.counts });
    this.regions = Object.freeze(
      [...state.projects.values()].slice(0, state.counts.regions).map((p) => Object.freeze({ ...p.region })),
    );
    this.domainId = state.domainId;
    this.domainName = state.domainName;
  }

  get executionOrder(): ExecutionOrder {
    return this.state.executionOrder;
  }

  set executionOrder(order: ExecutionOrder) {
    if (!EXECUTION_ORDERS.includes(order)) {
      throw new RangeError(`executionOrder must be newest_first or oldest_first, got "${String(order)}"`);
    }
    this.state.executionOrder = order;
  }

  now(): number {
    return this.state.clock.nowMs;
  }

  projectIdOf(regionName: string): string | undefined {
    return this.regions.find((r) => r.name === regionName)?.projectId;
  }

  listProjects(filter: { name?: string } = {}): IamProjectRaw[] {
    const all = [...this.state.projects.values()].map((p) => p.iam);
    return filter.name === undefined ? all : all.filter((p) => p.name === filter.name);
  }

  checkPassword(domainName: string, userName: string, password: string): IamUserRaw | undefined {
    const user = this.state.users.find(
      (u) => u.raw.name === userName && (u.raw.domain_name === domainName || u.raw.domain_id === domainName),
    );
    return user !== undefined && user.password === password ? user.raw : undefined;
  }

  findProject(idOrName: string): IamProjectRaw | undefined {
    return this.listProjects().find((p) => p.id === idOrName || p.name === idOrName);
  }

  listSwrInstances(projectId: string, filter: SwrInstanceFilter = {}): WorldResult<SwrInstanceRaw[]> {
    const project = findProject(this.state, projectId);
    if (!project.ok) return project;
    return found(
      [...project.value.swr.values()]
        .map((i) => i.raw)
        .filter(
          (i) =>
            (filter.status === undefined || i.status === filter.status) &&
            (filter.enterprise_project_id === undefined ||
              i.enterprise_project_id === filter.enterprise_project_id),
        ),
    );
  }

  listNamespaces(
    projectId: string,
    instanceId: string,
    filter?: NamespaceFilter,
  ): WorldResult<SwrNamespaceRaw[]> {
    const hit = findSwrInstance(this.state, projectId, instanceId);
    if (!hit.ok) return hit;
    const result = filterNamespaces(
      [...hit.value.namespaces.values()].map((n) => n.raw),
      filter,
    );
    return result.ok ? found(result.value) : missing('invalid', result.message);
  }

  listSignPolicies(projectId: string, instanceId: string): WorldResult<SignPolicyDetailRaw[]> {
    const hit = findSwrInstance(this.state, projectId, instanceId);
    if (!hit.ok) return hit;
    const policies = hit.value.policies;
    return found(
      this.#lists.get(`policies ${projectId} ${instanceId}`, () =>
        [...policies.values()].map((p) => p.raw).sort((a, b) => a.id - b.id),
      ),
    );
  }

  getSignPolicy(projectId: string, instanceId: string, namespaceName: string, policyId: number) {
    const hit = findPolicy(this.state, projectId, instanceId, policyId, namespaceName);
    return hit.ok ? found(hit.value.policy.raw) : hit;
  }

  listExecutions(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
  ): WorldResult<ExecutionRaw[]> {
    const hit = findPolicy(this.state, projectId, instanceId, policyId, namespaceName);
    if (!hit.ok) return hit;
    const executions = hit.value.policy.executions.map(executionToRaw);
    return found(this.state.executionOrder === 'newest_first' ? executions.reverse() : executions);
  }

  listExecutionTasks(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
    executionId: number,
  ): WorldResult<ExecutionTaskRaw[]> {
    const hit = findExecution(this.state, projectId, instanceId, policyId, executionId, namespaceName);
    if (!hit.ok) return hit;
    return found([...executionTasks(this.state.seed, hit.value.record, hit.value.policy.namespace)]);
  }

  listSwrRegistries(
    projectId: string,
    instanceId: string,
    filter?: SwrRegistryFilter,
  ): WorldResult<SwrRegistryRaw[]> {
    const hit = findSwrInstance(this.state, projectId, instanceId);
    if (!hit.ok) return hit;
    const registries = hit.value.registries;
    const result = this.#lists.get(
      `registries ${projectId} ${instanceId} ${JSON.stringify(filter ?? {})}`,
      () => filterSwrRegistries(registries.values(), filter),
    );
    return result.ok ? found(result.value) : missing('invalid', result.message);
  }

  getSwrRegistry(projectId: string, instanceId: string, registryId: number): WorldResult<SwrRegistryRaw> {
    const hit = findSwrInstance(this.state, projectId, instanceId);
    if (!hit.ok) return hit;
    const registry = hit.value.registries.get(registryId);
    return registry === undefined
      ? missing('registry', `registry ${registryId} does not exist`)
      : found(registry);
  }

  listHssRegistries(projectId: string, filter?: HssRegistryFilter): WorldResult<HssRegistryRaw[]> {
    const project = findProject(this.state, projectId);
    if (!project.ok) return project;
    const hss = project.value.hss;
    return found(
      this.#lists.get(`hss ${projectId} ${JSON.stringify(filter ?? {})}`, () =>
        filterHssRegistries(hss.values(), filter).map((entry) => entry.raw),
      ),
    );
  }

  listApigInstances(projectId: string, filter?: GatewayInstanceFilter): WorldResult<ApigInstanceRaw[]> {
    const project = findProject(this.state, projectId);
    if (!project.ok) return project;
    return found(
      filterApigInstances(
        [...project.value.apig.values()].map((i) => i.raw),
        filter,
      ),
    );
  }

  listRomaInstances(projectId: string, filter: { status?: string } = {}): WorldResult<RomaInstanceRaw[]> {
    const project = findProject(this.state, projectId);
    if (!project.ok) return project;
    const all = [...project.value.roma.values()].map((i) => i.raw);
    return found(filter.status === undefined ? all : all.filter((i) => i.status === filter.status));
  }

  listSignatureKeys(
    gateway: GatewayKind,
    projectId: string,
    instanceId: string,
    filter?: SignatureKeyFilter,
  ): WorldResult<SignatureKeyRaw[]> {
    const hit = findGatewayInstance(this.state, gateway, projectId, instanceId);
    if (!hit.ok) return hit;
    const keys = hit.value.keys;
    const result = this.#lists.get(
      `keys ${gateway} ${projectId} ${instanceId} ${JSON.stringify(filter ?? {})}`,
      () => filterSignatureKeys(keys.values(), filter),
    );
    return result.ok ? found(result.value) : missing('invalid', result.message);
  }

  tick(nowMs: number): TickSummary {
    return this.#lists.changed(advanceClock(this.state, nowMs));
  }

  addSwrRegistry(projectId: string, instanceId: string, input: NewSwrRegistry) {
    return this.#lists.changed(mutate.addSwrRegistry(this.state, projectId, instanceId, input));
  }
  deleteSwrRegistry(projectId: string, instanceId: string, registryId: number) {
    return this.#lists.changed(
      mutateGateway.deleteSwrRegistry(this.state, projectId, instanceId, registryId),
    );
  }
  setSwrRegistryStatus(projectId: string, instanceId: string, registryId: number, status: string) {
    return this.#lists.changed(
      mutate.setSwrRegistryStatus(this.state, projectId, instanceId, registryId, status),
    );
  }
  addHssRegistry(projectId: string, input: NewHssRegistry) {
    return this.#lists.changed(mutate.addHssRegistry(this.state, projectId, input));
  }
  deleteHssRegistry(projectId: string, registryId: string) {
    return this.#lists.changed(mutateGateway.deleteHssRegistry(this.state, projectId, registryId));
  }
  setHssRegistryStatus(projectId: string, registryId: string, status: string, failReason?: string) {
    return this.#lists.changed(
      mutate.setHssRegistryStatus(this.state, projectId, registryId, status, failReason),
    );
  }
  addSignPolicy(projectId: string, instanceId: string, input: NewSignPolicy) {
    return this.#lists.changed(mutate.addSignPolicy(this.state, projectId, instanceId, input));
  }
  deleteSignPolicy(projectId: string, instanceId: string, policyId: number) {
    return this.#lists.changed(mutate.deleteSignPolicy(this.state, projectId, instanceId, policyId));
  }
  addSignatureKey(gateway: GatewayKind, projectId: string, instanceId: string, input: NewSignatureKey) {
    return this.#lists.changed(
      mutateGateway.addSignatureKey(this.state, gateway, projectId, instanceId, input),
    );
  }
  deleteSignatureKey(gateway: GatewayKind, projectId: string, instanceId: string, signId: string) {
    return this.#lists.changed(
      mutateGateway.deleteSignatureKey(this.state, gateway, projectId, instanceId, signId),
    );
  }
  addExecution(projectId: string, instanceId: string, policyId: number, input: NewExecution) {
    return this.#lists.changed(mutate.addExecution(this.state, projectId, instanceId, policyId, input));
  }
  finishExecution(
    projectId: string,
    instanceId: string,
    policyId: number,
    executionId: number,
    input: FinishExecution,
  ) {
    return this.#lists.changed(
      mutate.finishExecution(this.state, projectId, instanceId, policyId, executionId, input),
    );
  }

  /** The canonical world serves every record readable. */
  unreadableRecords(): UnreadableRecord[] {
    return [];
  }

  snapshot(): unknown {
    return [...this.state.projects.values()].map((p) => ({
      project: p.iam,
      swr: [...p.swr.values()].map((i) => ({
        instance: i.raw,
        namespaces: [...i.namespaces.values()].map((n) => n.raw),
        policies: [...i.policies.values()].map((policy) => ({
          policy: policy.raw,
          executions: policy.executions.map(executionToRaw),
        })),
        registries: [...i.registries.values()],
      })),
      hss: [...p.hss.values()].map((e) => e.raw),
      apig: [...p.apig.values()].map((i) => ({ instance: i.raw, signs: [...i.keys.values()].map(maskKey) })),
      roma: [...p.roma.values()].map((i) => ({ instance: i.raw, signs: [...i.keys.values()].map(maskKey) })),
    }));
  }
}
