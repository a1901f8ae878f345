// The exporter's config file: schema, loading, errors, dump, and the mapping onto the client's options.
// Conventions: YAML, strict (unknown keys are errors), durations are Prometheus-style strings ("30s", "5m").

export { type WatchedRegion, watchedRegions } from './config/accounts.js';
export { clientOptionsFor } from './config/client-options.js';
export { type CollectorOverrides, withCollectorOverrides } from './config/collector-overrides.js';
export type { ExplicitCredentials } from './config/credentials.js';
export { dumpConfig } from './config/dump.js';
export { Duration, formatDuration, parseDuration } from './config/duration.js';
export {
  collectorSettingsFor,
  type RegionTargetOptions,
  regionTargetOptions,
} from './config/engine-settings.js';
export { ConfigError } from './config/errors.js';
export { type LoadedConfig, loadConfigFile, parseConfigText, validateConfig } from './config/load.js';
export type {
  AccountConfig,
  ClientConfig,
  CollectorsConfig,
  ConfigFile,
  CredentialsConfig,
  RegionConfig,
} from './config/schema.js';
