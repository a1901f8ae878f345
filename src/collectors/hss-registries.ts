// HSS container image scanning: the image registries connected to HSS in the project, their access status,
// failure reason, image counts and last synchronisation (HSS v5 ListRegistry; project-wide, no discovery),
// of every enterprise project the credential can see unless the config names one.

import type { HssRegistry } from '../huaweicloud/models.js';
import { HSS_FAMILIES as F, KNOWN_HSS_STATUSES } from './catalog.js';
import { yieldToEventLoop } from './concurrency.js';
import { optionalLabel, withoutUserInfo } from './labels.js';
import { toUnixSeconds } from './render.js';
import type { CollectContext, Collector, CollectorDeps, HssTargetOptions } from './types.js';

/**
 * HSS's own value for "every enterprise project the credential can see" (ListRegistry's
 * enterprise_project_id); without it HSS answers for the default project (`0`) only.
 */
export const ALL_GRANTED_ENTERPRISE_PROJECTS = 'all_granted_eps';

/** The enterprise project HSS is asked about: the config's, or every granted one (the collector and `check`). */
export function hssEnterpriseProject(configured: string | undefined): string {
  return configured ?? ALL_GRANTED_ENTERPRISE_PROJECTS;
}

export class HssRegistriesCollector implements Collector {
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
