// The world with WorldOptions.variety: the same state, served the way a real cloud varies it (variety.ts).
// Reads go through SimWorld and each record is varied on the way out; mutations and time are untouched.

import type { WorldState } from './state.js';
import type {
  ApigInstanceRaw,
  ExecutionRaw,
  ExecutionTaskRaw,
  GatewayInstanceFilter,
  GatewayKind,
  HssRegistryFilter,
  HssRegistryRaw,
  RomaInstanceRaw,
  SignatureKeyFilter,
  SignatureKeyRaw,
  SignPolicyDetailRaw,
  SwrInstanceFilter,
  SwrInstanceRaw,
  SwrRegistryFilter,
  SwrRegistryRaw,
  UnreadableRecord,
  WorldResult,
} from './types.js';
import { type VariedKind, Variety } from './variety.js';
import { SimWorld } from './world.js';

/** Every third HSS registry of a region sits in another enterprise project (only all_granted_eps sees it). */
const OTHER_ENTERPRISE_PROJECT = 'sim-ep-team-a';

function mapResult<T>(result: WorldResult<T[]>, each: (item: T) => T): WorldResult<T[]> {
  return result.ok ? { ok: true, value: result.value.map(each) } : result;
}

export class VariedWorld extends SimWorld {
  override readonly variety = true;
  readonly #variety: Variety;

  constructor(state: WorldState) {
    super(state);
    this.#variety = new Variety(state.seed);
    for (const project of state.projects.values()) {
      [...project.hss.values()].forEach((entry, index) => {
        if (index % 3 === 2) entry.enterpriseProjectId = OTHER_ENTERPRISE_PROJECT;
      });
    }
  }

  #served<T extends object>(kind: VariedKind, key: string, record: T): T {
    return this.#variety.vary(kind, key, record).record;
  }

  override listSwrInstances(projectId: string, filter?: SwrInstanceFilter): WorldResult<SwrInstanceRaw[]> {
    return mapResult(super.listSwrInstances(projectId, filter), (i) => this.#served('swrInstance', i.id, i));
  }

  override listSignPolicies(projectId: string, instanceId: string): WorldResult<SignPolicyDetailRaw[]> {
    return mapResult(super.listSignPolicies(projectId, instanceId), (p) =>
      this.#served('signPolicy', `${instanceId}/${p.id}`, p),
    );
  }

  override listExecutions(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
  ): WorldResult<ExecutionRaw[]> {
    return mapResult(super.listExecutions(projectId, instanceId, namespaceName, policyId), (e) =>
      this.#served('execution', `${instanceId}/${policyId}/${e.id}`, e),
    );
  }

  override listExecutionTasks(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
    executionId: number,
  ): WorldResult<ExecutionTaskRaw[]> {
    const key = `${instanceId}/${policyId}/${executionId}`;
    return mapResult(
      super.listExecutionTasks(projectId, instanceId, namespaceName, policyId, executionId),
      (t) => this.#served('task', `${key}/${t.id}`, t),
    );
  }

  override listSwrRegistries(
    projectId: string,
    instanceId: string,
    filter?: SwrRegistryFilter,
  ): WorldResult<SwrRegistryRaw[]> {
    return mapResult(super.listSwrRegistries(projectId, instanceId, filter), (r) =>
      this.#served('swrRegistry', `${instanceId}/${r.id}`, r),
    );
  }

  override getSwrRegistry(projectId: string, instanceId: string, registryId: number) {
    const hit = super.getSwrRegistry(projectId, instanceId, registryId);
    if (!hit.ok) return hit;
    // ShowInstanceRegistry is asked by id: the body keeps it, whatever the list does.
    const served = this.#served('swrRegistry', `${instanceId}/${registryId}`, hit.value);
    return { ok: true as const, value: { ...served, id: hit.value.id } };
  }

  override listHssRegistries(projectId: string, filter?: HssRegistryFilter): WorldResult<HssRegistryRaw[]> {
    return mapResult(super.listHssRegistries(projectId, filter), (r) => this.#served('hssRegistry', r.id, r));
  }

  override listApigInstances(
    projectId: string,
    filter?: GatewayInstanceFilter,
  ): WorldResult<ApigInstanceRaw[]> {
    return mapResult(super.listApigInstances(projectId, filter), (i) =>
      this.#served('apigInstance', i.id, i),
    );
  }

  override listRomaInstances(
    projectId: string,
    filter?: { status?: string },
  ): WorldResult<RomaInstanceRaw[]> {
    return mapResult(super.listRomaInstances(projectId, filter), (i) =>
      this.#served('romaInstance', i.id, i),
    );
  }

  override listSignatureKeys(
    gateway: GatewayKind,
    projectId: string,
    instanceId: string,
    filter?: SignatureKeyFilter,
  ): WorldResult<SignatureKeyRaw[]> {
    return mapResult(super.listSignatureKeys(gateway, projectId, instanceId, filter), (k) =>
      this.#served('signatureKey', `${gateway}/${instanceId}/${k.id}`, k),
    );
  }

  override unreadableRecords(): UnreadableRecord[] {
    const out: UnreadableRecord[] = [];
    const lost = (kind: VariedKind, key: string, record: object) =>
      this.#variety.vary(kind, key, record).identityLess;
    for (const project of [...this.state.projects.values()].slice(0, this.state.counts.regions)) {
      const projectId = project.region.projectId;
      for (const instance of project.swr.values()) {
        const instanceId = instance.raw.id;
        if (lost('swrInstance', instanceId, instance.raw))
          out.push({ service: 'swr', operation: 'ListInstance', projectId });
        for (const policy of instance.policies.values()) {
          if (lost('signPolicy', `${instanceId}/${policy.raw.id}`, policy.raw))
            out.push({ service: 'swr', operation: 'ListInstanceSignPolicies', projectId, instanceId });
        }
        for (const registry of instance.registries.values()) {
          if (lost('swrRegistry', `${instanceId}/${registry.id}`, registry))
            out.push({ service: 'swr', operation: 'ListInstanceRegistries', projectId, instanceId });
        }
      }
      for (const { raw } of project.hss.values()) {
        if (lost('hssRegistry', raw.id, raw))
          out.push({ service: 'hss', operation: 'ListRegistry', projectId });
      }
      for (const [gateway, instances, kind, operation] of [
        ['apig', project.apig, 'apigInstance', 'ListInstancesV2'],
        ['roma', project.roma, 'romaInstance', 'CheckRomaInstanceListV2'],
      ] as const) {
        for (const instance of instances.values()) {
          const instanceId = instance.raw.id;
          if (lost(kind, instanceId, instance.raw)) out.push({ service: gateway, operation, projectId });
          for (const key of instance.keys.values()) {
            if (lost('signatureKey', `${gateway}/${instanceId}/${key.id}`, key))
              out.push({ service: gateway, operation: 'ListSignatureKeysV2', projectId, instanceId });
          }
        }
      }
    }
    return out;
  }
}
