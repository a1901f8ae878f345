// swr_signing: SWR Enterprise image signature policies, their latest execution and its tasks. The reading
// is in collector.ts (executions.ts finds the latest execution, tasks.ts renders its tasks).

import {
  LIST_INSTANCE,
  LIST_SIGN_EXEC_TASKS,
  LIST_SIGN_EXECUTIONS,
  LIST_SIGN_POLICIES,
} from '../../huaweicloud/operations/swr.js';
import { defineCollector } from '../descriptor.js';
import { swrInstanceDiscovery } from '../discovery.js';
import {
  collectsSwr,
  narrowSwr,
  SWR_INSTANCE_FAMILIES,
  SWR_INSTANCE_STATUS_WRITER,
  sharedSwrInstances,
  swrShardList,
  swrTarget,
} from '../swr-instances.js';
import { SWR_SECTION } from '../swr-section.js';
import { checkSigning } from './check.js';
import { SwrSigningCollector } from './collector.js';
import { SWR_SIGNING_FAMILIES } from './families.js';
import { SWR_SIGNING_OPTIONS } from './settings.js';

export const swrSigning = defineCollector({
  name: 'swr_signing',
  summary: 'SWR Enterprise image signature policies, their latest execution and its tasks',
  // Executions move within minutes. maxSeries: generous (the bench's 10,000-policy estate writes ~324,000
  // series in all), yet half of what one 16 MiB page of 200,000 junk items made (a million lines, 123 MB of
  // /metrics), and bounded per page.
  defaults: { enabled: true, ttlSeconds: 30, maxAgeSeconds: 600, maxSeries: 500_000 },
  families: [...Object.values(SWR_INSTANCE_FAMILIES), ...Object.values(SWR_SIGNING_FAMILIES)],
  operations: [LIST_INSTANCE, LIST_SIGN_POLICIES, LIST_SIGN_EXECUTIONS, LIST_SIGN_EXEC_TASKS],
  options: SWR_SIGNING_OPTIONS,
  section: SWR_SECTION,
  collectsIn: collectsSwr,
  check: checkSigning,
  probe: {
    form: { by: 'instance', instance: 'SWR instance id' },
    // Named policies say which instances to ask.
    lists: (ctx) => [
      swrShardList(
        ctx,
        ctx.target.swr?.policies?.map((p) => p.instanceId),
      ),
    ],
    narrow: (target, shard, refuse) => narrowSwr(target, shard, refuse, 'policies'),
  },
  build(ctx) {
    const swr = swrTarget(ctx);
    const { policies } = swr;
    // Named policies say which instances to ask; no need to discover the others.
    const instances =
      policies === undefined
        ? sharedSwrInstances(ctx, swr)
        : ctx.discovery('swr/instances-of-policies', () =>
            swrInstanceDiscovery(
              ctx.target.api,
              policies.map((p) => p.instanceId),
              ctx.discoveryTtlMs,
              ctx.deps.now,
            ),
          );
    // Instance statuses come from the collector that reads the shared discovery list, this one first.
    const reportInstances = policies === undefined && ctx.claim(SWR_INSTANCE_STATUS_WRITER);
    return new SwrSigningCollector(ctx.deps, instances, swr, ctx.options, reportInstances);
  },
});
