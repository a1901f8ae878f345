// The engine's public surface: what the server and config code build and call. The contract between the
// engine and each collector is contract.ts; what depends on which collectors exist comes from index.ts.

import type { CollectorConfig, RegionTarget } from './contract.js';
import type { ApiMetricsObserver } from './exporter-metrics.js';
import type { CollectorName, CollectorOwnSettings } from './index.js';
import type { EngineLogger } from './logger.js';

export type {
  ApigTargetOptions,
  CollectContext,
  Collector,
  CollectorConfig,
  CollectorDeps,
  HssTargetOptions,
  RegionTarget,
  SwrTargetOptions,
  TargetSections,
} from './contract.js';
export { COLLECTOR_NAMES, type CollectorName, REGION_WIDE_COLLECTORS } from './index.js';
export type { SwrSigningSettings } from './swr-signing/settings.js';

export interface EngineSettings {
  /** Subtracted from X-Prometheus-Scrape-Timeout-Seconds so the answer is on the wire in time. */
  timeoutOffsetSeconds: number;
  /** Upper bound on a scrape's deadline; also the deadline when the scraper sends no timeout. */
  maxTimeoutSeconds: number;
  /**
   * How long one upstream run (a collector's refresh) may take. Runs are not bound to the scrapes waiting for
   * them: a scrape that gives up answers with what it has and the run goes on, so a large estate still
   * refreshes. Never below maxTimeoutSeconds (a scrape must be able to wait for a whole run).
   */
  refreshTimeoutSeconds: number;
  /** Upstream work items (a policy, an instance) in flight at once across all collectors. */
  workerLimit: number;
  /** How long instance discovery (SWR ListInstance, APIG/ROMA instance lists) is reused. */
  discoveryTtlSeconds: number;
  collectors: Record<CollectorName, CollectorConfig>;
}

/** The engine's settings: its own, each collector's switches and cache bounds, and each one's own settings. */
export type CollectorSettings = EngineSettings & CollectorOwnSettings;

/** CollectorSettings with every field optional; missing ones take the defaults (settings.ts). */
export type CollectorSettingsInput = EngineSettingsInput & {
  [K in keyof CollectorOwnSettings]?: Partial<CollectorOwnSettings[K]> | undefined;
};

export interface EngineSettingsInput {
  timeoutOffsetSeconds?: number | undefined;
  maxTimeoutSeconds?: number | undefined;
  /** Default: 300, or maxTimeoutSeconds when that is longer. */
  refreshTimeoutSeconds?: number | undefined;
  workerLimit?: number | undefined;
  discoveryTtlSeconds?: number | undefined;
  collectors?: Partial<Record<CollectorName, Partial<CollectorConfig> | undefined>> | undefined;
}

export { type EngineLogger, SILENT_LOGGER } from './logger.js';

export interface EngineOptions {
  targets: readonly RegionTarget[];
  settings?: CollectorSettingsInput | undefined;
  logger?: EngineLogger | undefined;
  /** Wall clock in ms (tests pass a fake one). Used for TTLs, ages, timestamps and durations. */
  now?: (() => number) | undefined;
  /**
   * The registry behind huaweicloud_api_*, build info and process metrics. Create it first and give its
   * observer to the clients; keep it across reloads so counters do not reset. Default: a fresh one.
   */
  apiMetrics?: ApiMetricsObserver | undefined;
}

export interface ScrapeOptions {
  /** X-Prometheus-Scrape-Timeout-Seconds as sent by Prometheus. */
  timeoutSeconds?: number | undefined;
  /** Aborts the scrape (client gone, shutdown). */
  signal?: AbortSignal | undefined;
}

/** Bytes to be sent in order, with their total length (so a server can set Content-Length up front). */
export interface ChunkedBytes {
  readonly chunks: readonly Buffer[];
  readonly byteLength: number;
}

/**
 * One scrape's exposition as UTF-8: the collected families, which are the same object (by identity) for as long
 * as the unit snapshots are unchanged, so work on them (e.g. a gzip) can be kept per object; then the part
 * rendered per scrape (collector status, the exporter's own metrics).
 */
export interface EncodedExposition {
  readonly collected: ChunkedBytes;
  readonly tail: Buffer;
}

/** How one collector and region came out of a scrape: the value of its huaweicloud_collector_success. */
export interface CollectorOutcome {
  readonly name: CollectorName;
  /** RegionTarget.account: absent without accounts. */
  readonly account?: string | undefined;
  readonly region: string;
  readonly success: boolean;
}

/**
 * What Engine.scrapeEncoded answers: the exposition, and the same scrape's outcomes as values, so a caller
 * that needs them (scale-out's huaweicloud_probe_success) reads values, never the exposition's text.
 */
export interface ScrapeResult extends EncodedExposition {
  readonly outcomes: readonly CollectorOutcome[];
}

export interface CollectorStatus {
  name: CollectorName;
  /** RegionTarget.account: absent without accounts. */
  account?: string | undefined;
  region: string;
  /** Start of the last finished run. */
  lastRunAt: Date | null;
  durationSeconds: number | null;
  /** Outcome of the last finished run (false while the refresh is overdue); null before the first one. */
  success: boolean | null;
  /**
   * Why the last run failed, or why the refresh is overdue: codes and upstream messages only, never a
   * credential.
   */
  lastError: string | null;
  /** Age of the data a scrape would serve now; null when there is none. */
  dataAgeSeconds: number | null;
  /**
   * Present while the refresh in flight is overdue (it outlasted a scrape's deadline): until it ends, scrapes
   * answer at once with the data above and success false instead of waiting for it. When it started and how
   * long it has been running.
   */
  refreshOverdue?: { startedAt: Date; runningSeconds: number } | undefined;
}
