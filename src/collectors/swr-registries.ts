// SWR Enterprise replication registries (the targets images are replicated to) and their health. Discovered
// per instance with ListInstanceRegistries; registries named explicitly are read with ShowInstanceRegistry.

import type { SwrRegistry } from '../huaweicloud/models.js';
import { LIST_INSTANCE, LIST_REGISTRIES, SHOW_REGISTRY } from '../huaweicloud/operations/swr.js';
import { gauge } from './catalog.js';
import { visible } from './check-reads.js';
import { forEachLimited, yieldToEventLoop } from './concurrency.js';
import type { CollectContext, Collector, CollectorDeps, SwrTargetOptions } from './contract.js';
import { defineCollector } from './descriptor.js';
import type { InstanceLookup } from './discovery.js';
import { isNotFound, skipUnlessConfigured } from './failures.js';
import { writeInstanceStatuses } from './instance-status.js';
import { booleanLabel, optionalLabel, withoutUserInfo } from './labels.js';
import {
  collectsSwr,
  firstSwrInstance,
  NO_SWR_INSTANCE,
  narrowSwr,
  SWR_INSTANCE_FAMILIES,
  SWR_INSTANCE_STATUS_WRITER,
  sharedSwrInstances,
  swrShardList,
  swrTarget,
} from './swr-instances.js';
import { SWR_SECTION } from './swr-section.js';

const SWR_REGISTRY = ['region', 'instance_id', 'registry_id', 'registry_name'] as const;

const F = {
  info: gauge(
    'huaweicloud_swr_registry_info',
    ['region', 'instance_id', 'registry_id', 'registry_name', 'type', 'url', 'insecure'],
    'SWR Enterprise replication registry, always 1; labels carry its type, URL (without user info) and insecure flag (ListInstanceRegistries / ShowInstanceRegistry).',
  ),
  healthy: gauge(
    'huaweicloud_swr_registry_healthy',
    SWR_REGISTRY,
    'Whether SWR reports the replication registry as healthy: 1 healthy, 0 any other status (ListInstanceRegistries / ShowInstanceRegistry).',
  ),
  status: gauge(
    'huaweicloud_swr_registry_status',
    [...SWR_REGISTRY, 'status'],
    'The replication registry with its raw status as SWR reports it (healthy, unhealthy or any other value; empty when absent), always 1 (ListInstanceRegistries / ShowInstanceRegistry).',
  ),
} as const;

interface Found {
  instanceId: string;
  registry: SwrRegistry;
}

class SwrRegistriesCollector implements Collector {
  readonly name = 'swr_registries' as const;
  readonly region: string;
  readonly #deps: CollectorDeps;
  readonly #instances: InstanceLookup;
  readonly #explicit: SwrTargetOptions['registries'];
  /** Whether this collector writes huaweicloud_swr_instance_status (when swr_signing does not). */
  readonly #reportInstances: boolean;

  constructor(
    deps: CollectorDeps,
    instances: InstanceLookup,
    target: SwrTargetOptions,
    reportInstances = false,
  ) {
    this.region = deps.region;
    this.#reportInstances = reportInstances;
    this.#deps = deps;
    this.#instances = instances;
    this.#explicit = target.registries;
  }

  async collect({ signal, out }: CollectContext): Promise<void> {
    const found = new Map<string, Found>();
    const keep = (instanceId: string, registry: SwrRegistry) =>
      found.set(`${instanceId}\u0000${registry.id}`, { instanceId, registry });
    if (this.#explicit !== undefined) await this.#readExplicit(this.#explicit, signal, keep);
    else await this.#discover(signal, out, keep);
    const sorted = [...found.values()].sort((a, b) =>
      a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : a.registry.id - b.registry.id,
    );
    for (const { instanceId, registry } of sorted) {
      await yieldToEventLoop();
      const id = [this.region, instanceId, String(registry.id), registry.name];
      out.add(
        F.info,
        [...id, registry.type, withoutUserInfo(registry.url), booleanLabel(registry.insecure)],
        1,
      );
      out.add(F.healthy, id, registry.status === 'healthy' ? 1 : 0);
      out.add(F.status, [...id, optionalLabel(registry.status)], 1);
    }
  }

  async #discover(
    signal: AbortSignal,
    out: CollectContext['out'],
    keep: (instanceId: string, r: SwrRegistry) => void,
  ): Promise<void> {
    const list = await this.#instances.get(signal);
    const { limiter, workers, api, logger } = this.#deps;
    if (this.#reportInstances) {
      writeInstanceStatuses(out, logger, list, {
        family: SWR_INSTANCE_FAMILIES.status,
        leading: [this.region],
        skipped: 'signature policies and registries',
      });
    }
    const instances = list.polled;
    await forEachLimited(instances, limiter, workers, signal, async (instanceId, itemSignal) => {
      try {
        const listed = await api.swr.listRegistries(instanceId, { signal: itemSignal });
        for (const registry of listed.items) keep(instanceId, registry);
      } catch (error) {
        skipUnlessConfigured(error, list, `SWR instance ${instanceId}`);
        this.#instances.invalidate();
        logger.warn({ region: this.region, instance_id: instanceId }, 'SWR instance not found; skipping it');
      }
    });
  }

  async #readExplicit(
    wanted: NonNullable<SwrTargetOptions['registries']>,
    signal: AbortSignal,
    keep: (instanceId: string, r: SwrRegistry) => void,
  ): Promise<void> {
    const { limiter, workers, api, logger } = this.#deps;
    await forEachLimited(wanted, limiter, workers, signal, async ({ instanceId, registryId }, itemSignal) => {
      try {
        const registry = await api.swr.showRegistry(instanceId, registryId, { signal: itemSignal });
        keep(instanceId, { ...registry, id: registryId }); // the configured id is the identity
      } catch (error) {
        if (!isNotFound(error)) throw error;
        logger.warn(
          { region: this.region, instance_id: instanceId, registry_id: registryId },
          'SWR replication registry not found',
        );
      }
    });
  }
}

export const swrRegistries = defineCollector({
  name: 'swr_registries',
  summary: 'SWR Enterprise replication registries and their health',
  defaults: { enabled: true, ttlSeconds: 60, maxAgeSeconds: 900, maxSeries: 500_000 },
  families: [...Object.values(SWR_INSTANCE_FAMILIES), ...Object.values(F)],
  operations: [LIST_INSTANCE, LIST_REGISTRIES, SHOW_REGISTRY],
  section: SWR_SECTION,
  collectsIn: collectsSwr,
  async check(reads) {
    const { api, signal } = reads;
    const first = await firstSwrInstance(reads);
    const named = reads.target.swr?.registries?.[0];
    if (named !== undefined) {
      // Registries named in the config are read one by one, as the collector does.
      await reads.step(SHOW_REGISTRY, async () => {
        const registry = await api.swr.showRegistry(named.instanceId, named.registryId, { signal });
        return `registry ${registry.id} is ${registry.status}`;
      });
    } else if (first === undefined) reads.skip(LIST_REGISTRIES, NO_SWR_INSTANCE);
    else {
      await reads.step(LIST_REGISTRIES, async () => {
        const listed = await api.swr.listRegistries(first, { maxItems: 1, signal });
        return visible(listed.total, 'replication registr(ies)');
      });
    }
  },
  probe: {
    form: { by: 'instance', instance: 'SWR instance id' },
    // Named registries say which instances to ask.
    lists: (ctx) => [
      swrShardList(
        ctx,
        ctx.target.swr?.registries?.map((r) => r.instanceId),
      ),
    ],
    narrow: (target, shard, refuse) => narrowSwr(target, shard, refuse, 'registries'),
  },
  build(ctx) {
    const swr = swrTarget(ctx);
    const instances = sharedSwrInstances(ctx, swr);
    return new SwrRegistriesCollector(ctx.deps, instances, swr, ctx.claim(SWR_INSTANCE_STATUS_WRITER));
  },
});
