// HSS container image scanning: the image registries connected to HSS in the project, their access status,
// failure reason, image counts and last synchronisation (HSS v5 ListRegistry; project-wide, no discovery),
// of every enterprise project the credential can see unless the config names one.

import * as z from 'zod';
import type { HssRegistry } from '../huaweicloud/models.js';
import { LIST_HSS_REGISTRIES } from '../huaweicloud/operations/hss.js';
import { gauge } from './catalog.js';
import { visible } from './check-reads.js';
import { yieldToEventLoop } from './concurrency.js';
import { nonEmptyText } from './config-fields.js';
import type { CollectContext, Collector, CollectorDeps, HssTargetOptions } from './contract.js';
import { defineCollector, type TargetSection } from './descriptor.js';
import { optionalLabel, withoutUserInfo } from './labels.js';
import { toUnixSeconds } from './render.js';

/** regions[].hss: whether to read HSS, and which enterprise project. */
const hssSchema = z.strictObject({
  enabled: z.boolean().default(true),
  enterprise_project_id: nonEmptyText.optional(),
});

/** HSS registry access statuses; others appear as their own state-set value. */
const KNOWN_HSS_STATUSES = ['success', 'fail', 'accessing'] as const;
const HSS_REGISTRY = ['region', 'registry_id', 'registry_name'] as const;

/**
 * HSS allows 5 calls/minute per API (hss_02_0005): its series come from a cache refreshed at that pace, which the
 * HELP text says (Prometheus exporter guidelines: say when data is not live).
 */
const HSS_CACHED =
  ' Cached: refreshed every collectors.hss_registries.ttl, paced at the HSS quota; its age is huaweicloud_collector_data_age_seconds.';

const F = {
  info: gauge(
    'huaweicloud_hss_registry_info',
    [
      'region',
      'registry_id',
      'registry_name',
      'registry_type',
      'registry_addr',
      'protocol',
      'api_version',
      'scan_image_channel',
    ],
    `Image registry connected to HSS container image scanning, always 1; labels carry its type, address and access settings (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  status: gauge(
    'huaweicloud_hss_registry_status',
    [...HSS_REGISTRY, 'status'],
    `State set of the registry access status: 1 for the current status, 0 for the other known ones (success, fail, accessing); an unknown status is its own value (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  failed: gauge(
    'huaweicloud_hss_registry_failed',
    [...HSS_REGISTRY, 'fail_reason'],
    `Present with value 1 while HSS cannot access the registry, labelled with the reported fail_reason (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  images: gauge(
    'huaweicloud_hss_registry_images',
    HSS_REGISTRY,
    `Images HSS has synchronised from the registry: images_num (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  lastSync: gauge(
    'huaweicloud_hss_registry_last_sync_timestamp_seconds',
    HSS_REGISTRY,
    `Time of the last image synchronisation from the registry, latest_sync_time, in unix seconds (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
  registries: gauge(
    'huaweicloud_hss_registries',
    ['region'],
    `Image registries connected to HSS in the project: total_num (HSS v5 ListRegistry).${HSS_CACHED}`,
  ),
} as const;

/**
 * HSS's own value for "every enterprise project the credential can see" (ListRegistry's
 * enterprise_project_id); without it HSS answers for the default project (`0`) only.
 */
export const ALL_GRANTED_ENTERPRISE_PROJECTS = 'all_granted_eps';

/** The enterprise project HSS is asked about: the config's, or every granted one (the collector and `check`). */
export function hssEnterpriseProject(configured: string | undefined): string {
  return configured ?? ALL_GRANTED_ENTERPRISE_PROJECTS;
}

class HssRegistriesCollector implements Collector {
  readonly name = 'hss_registries' as const;
  readonly region: string;
  readonly #deps: CollectorDeps;
  readonly #enterpriseProjectId: string;

  constructor(deps: CollectorDeps, target: HssTargetOptions) {
    this.region = deps.region;
    this.#deps = deps;
    this.#enterpriseProjectId = hssEnterpriseProject(target.enterpriseProjectId);
  }

  async collect({ signal, out }: CollectContext): Promise<void> {
    const { api, limiter } = this.#deps;
    const listed = await limiter.run(
      () => api.hss.listRegistries({ enterpriseProjectId: this.#enterpriseProjectId, signal }),
      signal,
    );
    const byId = new Map<string, HssRegistry>();
    for (const registry of listed.items) byId.set(registry.id, registry);
    const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const registry of sorted) {
      await yieldToEventLoop();
      const id = [this.region, registry.id, registry.registry_name];
      out.add(
        F.info,
        [
          ...id,
          registry.registry_type,
          withoutUserInfo(optionalLabel(registry.registry_addr)),
          optionalLabel(registry.protocol),
          optionalLabel(registry.api_version),
          optionalLabel(registry.get_scan_image_channel),
        ],
        1,
      );
      for (const status of KNOWN_HSS_STATUSES)
        out.add(F.status, [...id, status], registry.status === status ? 1 : 0);
      if (!(KNOWN_HSS_STATUSES as readonly string[]).includes(registry.status)) {
        out.add(F.status, [...id, registry.status], 1);
      }
      if (registry.status === 'fail') out.add(F.failed, [...id, optionalLabel(registry.fail_reason)], 1);
      if (registry.images_num !== undefined) out.add(F.images, id, registry.images_num);
      if (registry.latest_sync_time !== null)
        out.add(F.lastSync, id, toUnixSeconds(registry.latest_sync_time));
    }
    out.add(F.registries, [this.region], Math.max(listed.total, listed.items.length));
  }
}

const HSS_SECTION: TargetSection<'hss', z.output<typeof hssSchema>, HssTargetOptions> = {
  key: 'hss',
  config: hssSchema.default({ enabled: true }),
  fromConfig: (hss) => ({ enabled: hss.enabled, enterpriseProjectId: hss.enterprise_project_id }),
};

export const hssRegistries = defineCollector({
  name: 'hss_registries',
  summary: 'HSS image registries: access status, fail reason, images, last sync',
  // HSS allows 5 calls/minute per API (hss_02_0005): a refresh of n pages of 200 takes (n - 1) × 12.5 s.
  // 5 min keeps 1,100 registries (6 pages, ~63 s) well within two TTLs of age and leaves most of the quota
  // to other tools on the same account; up to 24 pages (4,800 registries) fit the 5 min refresh deadline.
  defaults: { enabled: true, ttlSeconds: 300, maxAgeSeconds: 900, maxSeries: 500_000 },
  families: Object.values(F),
  operations: [LIST_HSS_REGISTRIES],
  section: HSS_SECTION,
  collectsIn: (target) => target.hss?.enabled ?? true,
  check: (reads) =>
    reads
      .step(LIST_HSS_REGISTRIES, async () => {
        // The same enterprise projects the collector reads, or the count shown would not be what it exports.
        const enterpriseProjectId = hssEnterpriseProject(reads.target.hss?.enterpriseProjectId);
        const { signal } = reads;
        const listed = await reads.api.hss.listRegistries({ maxItems: 1, enterpriseProjectId, signal });
        return visible(listed.total, 'registr(ies)');
      })
      .then(() => undefined),
  // HSS is project-wide: one target per region.
  probe: {
    form: { by: 'region' },
    lists: (ctx) => [{ what: `HSS in ${ctx.target.region}` }],
    narrow(target, _shard, refuse) {
      if (target.hss?.enabled === false) refuse(`HSS is disabled for region ${target.region} in the config`);
      return { hss: { ...target.hss } };
    },
  },
  build: (ctx) => new HssRegistriesCollector(ctx.deps, ctx.target.hss ?? {}),
});
