// What the SWR collectors share: the instance list (one ListInstance per region however many collectors
// read it) and the family that reports it, written once per region by the first collector that reads the
// shared list (BuildContext.claim).

import { gauge } from './catalog.js';
import type { SwrTargetOptions } from './contract.js';
import type { BuildContext, TargetSections } from './descriptor.js';
import { type InstanceLookup, swrInstanceDiscovery } from './discovery.js';

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
