// --collector.<name> / --no-collector.<name> (node_exporter's convention): switches that win over the config
// file's collectors.<name>.enabled, applied to every load, so a reload keeps them.

import type { CollectorName } from '../collectors/types.js';
import type { LoadedConfig } from './load.js';

export type CollectorOverrides = Readonly<Partial<Record<CollectorName, boolean>>>;

export function withCollectorOverrides(loaded: LoadedConfig, overrides: CollectorOverrides): LoadedConfig {
  const entries = Object.entries(overrides) as Array<[CollectorName, boolean | undefined]>;
  if (entries.every(([, enabled]) => enabled === undefined)) return loaded;
  const collectors = { ...loaded.config.collectors };
  for (const [name, enabled] of entries) {
    if (enabled !== undefined) Object.assign(collectors, { [name]: { ...collectors[name], enabled } });
  }
  return { ...loaded, config: { ...loaded.config, collectors } };
}
