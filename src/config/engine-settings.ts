// Maps the validated config onto the collectors engine: CollectorSettingsInput (how to collect; each
// collector's own keys through its descriptor) and the per-region target options (what to collect). Keys the
// user left out stay undefined so the engine's defaults apply.

import type { CollectorDescriptor } from '../collectors/descriptor.js';
import { COLLECTORS, type CollectorName, targetSectionsFromConfig } from '../collectors/index.js';
import type { CollectorConfig, CollectorSettingsInput, TargetSections } from '../collectors/types.js';
import type { Duration } from './duration.js';
import type { ConfigFile, RegionConfig } from './schema.js';

const seconds = (d: Duration | undefined) => (d === undefined ? undefined : d.seconds);

export function collectorSettingsFor(config: ConfigFile): CollectorSettingsInput {
  const { scrape } = config;
  const collectors: Record<string, Partial<CollectorConfig>> = {};
  const own: Record<string, unknown> = {};
  for (const d of COLLECTORS as readonly CollectorDescriptor<CollectorName, unknown>[]) {
    const c = config.collectors[d.name];
    collectors[d.name] = {
      enabled: c.enabled,
      ...(c.ttl === undefined ? {} : { ttlSeconds: c.ttl.seconds }),
      ...(c.max_age === undefined ? {} : { maxAgeSeconds: c.max_age.seconds }),
      ...(c.max_series === undefined ? {} : { maxSeries: c.max_series }),
    };
    if (d.options !== undefined) own[d.options.key] = d.options.fromConfig(c);
  }
  return {
    timeoutOffsetSeconds: seconds(scrape.timeout_offset),
    maxTimeoutSeconds: seconds(scrape.max_timeout),
    refreshTimeoutSeconds: seconds(scrape.refresh_timeout),
    workerLimit: scrape.worker_limit,
    discoveryTtlSeconds: seconds(scrape.discovery_ttl),
    collectors,
    ...own,
  };
}

/** What to collect in one region: the engine's RegionTarget without the client, every section present. */
export type RegionTargetOptions = { [K in keyof TargetSections]-?: NonNullable<TargetSections[K]> };

/** What to collect in one region, each section mapped by the descriptors that read it. */
export function regionTargetOptions(region: RegionConfig): RegionTargetOptions {
  return targetSectionsFromConfig(region) as RegionTargetOptions;
}
