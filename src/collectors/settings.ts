// The engine's settings from a partial input: the engine's own defaults here, each collector's from its
// descriptor. The config is validated once, by its schema (config/schema.ts, which holds the same bounds);
// programmatic callers (tests, embedders) are trusted, as any library's typed options are. Only what follows
// from the input is derived: a max age never below the TTL, a refresh never shorter than a scrape's deadline.

import type { CollectorConfig } from './contract.js';
import { COLLECTORS, type CollectorName, type CollectorOwnSettings } from './index.js';
import type { CollectorSettings, CollectorSettingsInput, EngineSettings } from './types.js';

/** The engine's own defaults; each collector's are in its descriptor. */
export const ENGINE_DEFAULTS: Readonly<Omit<EngineSettings, 'collectors'>> = Object.freeze({
  timeoutOffsetSeconds: 0.5,
  maxTimeoutSeconds: 30,
  refreshTimeoutSeconds: 300,
  // Above the client's per-service concurrency (8): when an answer frees a connection slot, a request of
  // another work item is already waiting for it, instead of the slot idling while this item parses its answer
  // and prepares its next call. Shared by every region and collector of the engine.
  workerLimit: 32,
  discoveryTtlSeconds: 300,
});

export class CollectorSettingsError extends Error {
  override readonly name = 'CollectorSettingsError';
}

function resolveCollector(base: Readonly<CollectorConfig>, input: Partial<CollectorConfig> | undefined) {
  const ttlSeconds = input?.ttlSeconds ?? base.ttlSeconds;
  return {
    enabled: input?.enabled ?? base.enabled,
    ttlSeconds,
    // A TTL above the default max age raises the max age with it.
    maxAgeSeconds: input?.maxAgeSeconds ?? Math.max(base.maxAgeSeconds, ttlSeconds),
    maxSeries: input?.maxSeries ?? base.maxSeries,
  };
}

/** Complete settings from a partial input: defaults for what it leaves out. */
export function resolveCollectorSettings(input: CollectorSettingsInput = {}): CollectorSettings {
  const collectors = {} as Record<CollectorName, CollectorConfig>;
  const own: Record<string, unknown> = {};
  const given = input as Record<string, unknown>;
  for (const d of COLLECTORS) {
    collectors[d.name] = resolveCollector(d.defaults, input.collectors?.[d.name]);
    if (d.options !== undefined) own[d.options.key] = d.options.resolve(given[d.options.key] as never);
  }
  const maxTimeoutSeconds = input.maxTimeoutSeconds ?? ENGINE_DEFAULTS.maxTimeoutSeconds;
  return {
    timeoutOffsetSeconds: input.timeoutOffsetSeconds ?? ENGINE_DEFAULTS.timeoutOffsetSeconds,
    maxTimeoutSeconds,
    // A run cut short before the longest scrape deadline would fail scrapes that were willing to wait for it.
    refreshTimeoutSeconds:
      input.refreshTimeoutSeconds ?? Math.max(ENGINE_DEFAULTS.refreshTimeoutSeconds, maxTimeoutSeconds),
    workerLimit: input.workerLimit ?? ENGINE_DEFAULTS.workerLimit,
    discoveryTtlSeconds: input.discoveryTtlSeconds ?? ENGINE_DEFAULTS.discoveryTtlSeconds,
    collectors,
    ...(own as CollectorOwnSettings),
  };
}

/** Every default, as resolved from an empty input. */
export const DEFAULT_COLLECTOR_SETTINGS: Readonly<CollectorSettings> = Object.freeze(
  resolveCollectorSettings({}),
);
