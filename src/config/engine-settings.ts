// Maps the config onto the collectors engine: CollectorSettingsInput (how to collect) and the per-region target
// options (what to collect). Keys the user left out stay undefined so the engine's defaults apply.

import type {
  ApigTargetOptions,
  CollectorSettingsInput,
  HssTargetOptions,
  SwrTargetOptions,
} from '../collectors/types.js';
import type { Duration } from './duration.js';
import type { ConfigFile, RegionConfig } from './schema.js';

const seconds = (d: Duration | undefined) => (d === undefined ? undefined : d.seconds);

export function collectorSettingsFor(config: ConfigFile): CollectorSettingsInput {
  const { scrape, collectors } = config;
  const collector = (c: {
    enabled: boolean;
    ttl?: Duration | undefined;
    max_age?: Duration | undefined;
    max_series?: number | undefined;
  }) => ({
    enabled: c.enabled,
    ...(c.ttl === undefined ? {} : { ttlSeconds: c.ttl.seconds }),
    ...(c.max_age === undefined ? {} : { maxAgeSeconds: c.max_age.seconds }),
    ...(c.max_series === undefined ? {} : { maxSeries: c.max_series }),
  });
  const signing = collectors.swr_signing;
  return {
    timeoutOffsetSeconds: seconds(scrape.timeout_offset),
    maxTimeoutSeconds: seconds(scrape.max_timeout),
    refreshTimeoutSeconds: seconds(scrape.refresh_timeout),
    workerLimit: scrape.worker_limit,
    discoveryTtlSeconds: seconds(scrape.discovery_ttl),
    collectors: {
      swr_signing: collector(signing),
      swr_registries: collector(collectors.swr_registries),
      hss_registries: collector(collectors.hss_registries),
      apig_signature_keys: collector(collectors.apig_signature_keys),
    },
    swrSigning: {
      ...(signing.max_tasks_per_policy === undefined
        ? {}
        : { maxTasksPerPolicy: signing.max_tasks_per_policy }),
      ...(signing.max_tasks_fetched === undefined ? {} : { maxTasksFetched: signing.max_tasks_fetched }),
      ...(signing.executions_page_size === undefined
        ? {}
        : { executionsPageSize: signing.executions_page_size }),
      ...(signing.task_cache_entries === undefined ? {} : { taskCacheEntries: signing.task_cache_entries }),
    },
  };
}

export interface RegionTargetOptions {
  swr: SwrTargetOptions;
  hss: HssTargetOptions;
  apig: ApigTargetOptions[];
}

/** What to collect in one region (the engine's RegionTarget without the client). */
export function regionTargetOptions(region: RegionConfig): RegionTargetOptions {
  const { swr, hss, apig } = region;
  return {
    swr: {
      enabled: swr.enabled,
      instances: swr.instances,
      policies: swr.policies?.map((p) => ({ instanceId: p.instance_id, policyId: p.policy_id })),
      registries: swr.registries?.map((r) => ({ instanceId: r.instance_id, registryId: r.registry_id })),
    },
    hss: { enabled: hss.enabled, enterpriseProjectId: hss.enterprise_project_id },
    // The engine takes a list of gateways; an empty list turns signature keys off for this region.
    apig: apig.enabled ? [{ gateway: apig.gateway, instances: apig.instances }] : [],
  };
}
