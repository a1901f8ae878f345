// Defaults for the engine's knobs and the check that turns a partial input into complete, sane settings.
// TTLs follow how often the data changes: executions move within minutes, signature keys rarely.

import type {
  CollectorConfig,
  CollectorName,
  CollectorSettings,
  CollectorSettingsInput,
  SwrSigningSettings,
} from './types.js';
import { COLLECTOR_NAMES } from './types.js';

const DEFAULT_MAX_SERIES = 500_000;

export const DEFAULT_COLLECTOR_SETTINGS: Readonly<CollectorSettings> = Object.freeze({
  timeoutOffsetSeconds: 0.5,
  maxTimeoutSeconds: 30,
  refreshTimeoutSeconds: 300,
  // Above the client's per-service concurrency (8): when an answer frees a connection slot, a request of
  // another work item is already waiting for it, instead of the slot idling while this item parses its answer
  // and prepares its next call. Shared by every region and collector of the engine.
  workerLimit: 32,
  discoveryTtlSeconds: 300,
  collectors: {
    // maxSeries: generous (the bench's 10,000-policy estate writes ~324,000 series in all), yet half of what
    // one 16 MiB page of 200,000 junk items made (a million lines, 123 MB of /metrics), and bounded per page.
    swr_signing: { enabled: true, ttlSeconds: 30, maxAgeSeconds: 600, maxSeries: DEFAULT_MAX_SERIES },
    swr_registries: { enabled: true, ttlSeconds: 60, maxAgeSeconds: 900, maxSeries: DEFAULT_MAX_SERIES },
    // HSS allows 5 calls/minute per API (hss_02_0005): a refresh of n pages of 200 takes (n - 1) × 12.5 s.
    // 5 min keeps 1,100 registries (6 pages, ~63 s) well within two TTLs of age and leaves most of the quota
    // to other tools on the same account; up to 24 pages (4,800 registries) fit the 5 min refresh deadline.
    hss_registries: { enabled: true, ttlSeconds: 300, maxAgeSeconds: 900, maxSeries: DEFAULT_MAX_SERIES },
    apig_signature_keys: {
      enabled: true,
      ttlSeconds: 300,
      maxAgeSeconds: 3600,
      maxSeries: DEFAULT_MAX_SERIES,
    },
  },
  swrSigning: {
    maxTasksPerPolicy: 50,
    maxTasksFetched: 5000,
    executionsPageSize: 100,
    taskCacheEntries: 20_000,
  },
});

export class CollectorSettingsError extends Error {
  override readonly name = 'CollectorSettingsError';
}

function positive(path: string, value: number, opts: { integer?: boolean; max?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new CollectorSettingsError(`${path}: must be a positive number, got ${String(value)}`);
  }
  if (opts.integer && !Number.isInteger(value)) {
    throw new CollectorSettingsError(`${path}: must be an integer, got ${value}`);
  }
  if (opts.max !== undefined && value > opts.max) {
    throw new CollectorSettingsError(`${path}: must be at most ${opts.max}, got ${value}`);
  }
  return value;
}

function resolveCollector(name: CollectorName, input: Partial<CollectorConfig> | undefined): CollectorConfig {
  const base = DEFAULT_COLLECTOR_SETTINGS.collectors[name];
  const ttlSeconds = positive(`collectors.${name}.ttlSeconds`, input?.ttlSeconds ?? base.ttlSeconds);
  const maxAgeSeconds = positive(
    `collectors.${name}.maxAgeSeconds`,
    input?.maxAgeSeconds ?? Math.max(base.maxAgeSeconds, ttlSeconds),
  );
  if (maxAgeSeconds < ttlSeconds) {
    throw new CollectorSettingsError(
      `collectors.${name}.maxAgeSeconds: must not be below ttlSeconds (${ttlSeconds}), got ${maxAgeSeconds}`,
    );
  }
  const enabled = input?.enabled ?? base.enabled;
  if (typeof enabled !== 'boolean') {
    throw new CollectorSettingsError(`collectors.${name}.enabled: must be true or false`);
  }
  const maxSeries = positive(`collectors.${name}.maxSeries`, input?.maxSeries ?? base.maxSeries, {
    integer: true,
  });
  return { enabled, ttlSeconds, maxAgeSeconds, maxSeries };
}

function resolveSwrSigning(input: Partial<SwrSigningSettings> | undefined): SwrSigningSettings {
  const base = DEFAULT_COLLECTOR_SETTINGS.swrSigning;
  const at = (key: keyof SwrSigningSettings) => `swrSigning.${key}`;
  const maxTasksPerPolicy = positive(
    at('maxTasksPerPolicy'),
    input?.maxTasksPerPolicy ?? base.maxTasksPerPolicy,
    {
      integer: true,
    },
  );
  const maxTasksFetched = positive(
    at('maxTasksFetched'),
    input?.maxTasksFetched ?? Math.max(base.maxTasksFetched, maxTasksPerPolicy),
    { integer: true },
  );
  if (maxTasksFetched < maxTasksPerPolicy) {
    throw new CollectorSettingsError(
      `swrSigning.maxTasksFetched: must not be below maxTasksPerPolicy (${maxTasksPerPolicy}), got ${maxTasksFetched}`,
    );
  }
  return {
    maxTasksPerPolicy,
    maxTasksFetched,
    executionsPageSize: positive(
      at('executionsPageSize'),
      input?.executionsPageSize ?? base.executionsPageSize,
      {
        integer: true,
        max: 100,
      },
    ),
    taskCacheEntries: positive(at('taskCacheEntries'), input?.taskCacheEntries ?? base.taskCacheEntries, {
      integer: true,
    }),
  };
}

function resolveRefreshTimeout(input: number | undefined, maxTimeoutSeconds: number): number {
  const refresh = positive(
    'refreshTimeoutSeconds',
    input ?? Math.max(DEFAULT_COLLECTOR_SETTINGS.refreshTimeoutSeconds, maxTimeoutSeconds),
  );
  // A run cut short before the longest scrape deadline would fail scrapes that were willing to wait for it.
  if (refresh < maxTimeoutSeconds) {
    throw new CollectorSettingsError(
      `refreshTimeoutSeconds: must not be below maxTimeoutSeconds (${maxTimeoutSeconds}), got ${refresh}`,
    );
  }
  return refresh;
}

/** Complete settings from a partial input; throws CollectorSettingsError naming the offending key. */
export function resolveCollectorSettings(input: CollectorSettingsInput = {}): CollectorSettings {
  const base = DEFAULT_COLLECTOR_SETTINGS;
  const collectors = {} as Record<CollectorName, CollectorConfig>;
  for (const name of COLLECTOR_NAMES) collectors[name] = resolveCollector(name, input.collectors?.[name]);
  for (const key of Object.keys(input.collectors ?? {})) {
    if (!(COLLECTOR_NAMES as readonly string[]).includes(key)) {
      throw new CollectorSettingsError(
        `collectors.${key}: unknown collector (known: ${COLLECTOR_NAMES.join(', ')})`,
      );
    }
  }
  const offset = input.timeoutOffsetSeconds ?? base.timeoutOffsetSeconds;
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0) {
    throw new CollectorSettingsError(`timeoutOffsetSeconds: must be zero or more, got ${String(offset)}`);
  }
  const maxTimeoutSeconds = positive('maxTimeoutSeconds', input.maxTimeoutSeconds ?? base.maxTimeoutSeconds);
  return {
    timeoutOffsetSeconds: offset,
    maxTimeoutSeconds,
    refreshTimeoutSeconds: resolveRefreshTimeout(input.refreshTimeoutSeconds, maxTimeoutSeconds),
    workerLimit: positive('workerLimit', input.workerLimit ?? base.workerLimit, { integer: true }),
    discoveryTtlSeconds: positive(
      'discoveryTtlSeconds',
      input.discoveryTtlSeconds ?? base.discoveryTtlSeconds,
    ),
    collectors,
    swrSigning: resolveSwrSigning(input.swrSigning),
  };
}
