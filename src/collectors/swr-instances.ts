// What the SWR collectors share: the instance list (one ListInstance per region however many collectors
// read it), the family that reports it, written once per region by the first collector that reads the
// shared list (BuildContext.claim), and their probe targets (one per instance).

import { LIST_INSTANCE } from '../huaweicloud/operations/swr.js';
import { gauge } from './catalog.js';
import { type CheckReads, visible } from './check-reads.js';
import type { RegionTarget, SwrTargetOptions } from './contract.js';
import type { BuildContext, TargetSections } from './descriptor.js';
import { type InstanceLookup, swrInstanceDiscovery } from './discovery.js';
import type { Shard, ShardContext, ShardList } from './shards.js';

export const SWR_INSTANCE_FAMILIES = {
  status: gauge(
    'huaweicloud_swr_instance_status',
    ['region', 'instance_id', 'instance_name', 'status'],
    'SWR Enterprise instance as ListInstance reports it, always 1, with its raw status; only Running instances are polled for policies and registries, the others are listed here only.',
  ),
} as const;

/** The claim (BuildContext.claim) of the collector that writes huaweicloud_swr_instance_status. */
export const SWR_INSTANCE_STATUS_WRITER = 'huaweicloud_swr_instance_status';

/** Whether the region collects SWR at all (an absent section means every instance). */
export const collectsSwr = (target: TargetSections) => target.swr?.enabled ?? true;

/** The region's SWR section; absent means every instance. */
export const swrTarget = (ctx: BuildContext<unknown>): SwrTargetOptions => ctx.target.swr ?? {};

/** The region's shared SWR instance list: the configured instances, or every one ListInstance reports. */
export function sharedSwrInstances(ctx: BuildContext<unknown>, swr: SwrTargetOptions): InstanceLookup {
  return ctx.discovery('swr/instances', () =>
    swrInstanceDiscovery(ctx.target.api, swr.instances, ctx.discoveryTtlMs, ctx.deps.now),
  );
}

/** One probe target per SWR instance: the configured ones (`explicit`), else the shared list's. */
export function swrShardList(ctx: ShardContext, explicit: readonly string[] | undefined): ShardList {
  const { api, region } = ctx.target;
  const create = (ids: readonly string[] | undefined) => () =>
    swrInstanceDiscovery(api, ids, ctx.discoveryTtlMs, ctx.now, ctx.failureTtlMs);
  if (explicit !== undefined) {
    const ids = [...new Set(explicit)].sort();
    return {
      instances: ctx.discovery(`swr/configured/${ids.join(',')}`, create(ids)),
      what: `configured SWR instances in ${region}`,
    };
  }
  return {
    instances: ctx.discovery('swr/instances', create(ctx.target.swr?.instances)),
    what: `SWR instances in ${region}`,
  };
}

type Narrowed = Pick<SwrTargetOptions, 'policies' | 'registries'>;

/**
 * The region's SWR section cut down to one instance, with the configured `items` on it; without `items` (a
 * collector that reads every policy of the instance, swr_replication) the instance alone.
 */
export function narrowSwr<K extends keyof Narrowed>(
  target: RegionTarget,
  shard: Shard,
  refuse: (why: string) => never,
  items?: K,
): TargetSections {
  const swr = target.swr ?? {};
  const instanceId = shard.instanceId ?? '';
  if (swr.enabled === false) refuse(`SWR is disabled for region ${target.region} in the config`);
  if (swr.instances !== undefined && !swr.instances.includes(instanceId)) {
    refuse(`instance ${instanceId} is not one of the swr.instances configured for ${target.region}`);
  }
  const narrowed: SwrTargetOptions = { enabled: true, instances: [instanceId] };
  if (items === undefined) return { swr: narrowed };
  const listed = swr[items];
  if (listed !== undefined) {
    const mine = listed.filter((item) => item.instanceId === instanceId);
    if (mine.length === 0) refuse(`the config lists swr.${items} but none on instance ${instanceId}`);
    narrowed[items] = mine as Narrowed[K];
  }
  return { swr: narrowed };
}

/** The SWR instance `check` reads from: the first configured, else the first Running one listed. */
export function firstSwrInstance(reads: CheckReads): Promise<string | undefined> {
  return reads.once('swr/first-instance', async () => {
    let instanceId = reads.target.swr?.instances?.[0];
    if (instanceId === undefined) {
      await reads.step(LIST_INSTANCE, async () => {
        const listed = await reads.api.swr.listInstances({
          status: 'Running',
          maxItems: 1,
          signal: reads.signal,
        });
        instanceId = listed.items[0]?.id;
        return visible(listed.total, 'Running instance(s)');
      });
    }
    return instanceId;
  });
}

export const NO_SWR_INSTANCE = 'no SWR Enterprise instance to read from';
