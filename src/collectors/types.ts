// The engine's public surface (what the server and config code build and call) and the small internal
// contract between the engine and each collector.

import type { RegionApi } from '../huaweicloud/api.js';
import type { Gateway } from '../huaweicloud/models.js';
import type { WorkLimiter } from './concurrency.js';
import type { ApiMetricsObserver } from './exporter-metrics.js';
import type { EngineLogger } from './logger.js';
import type { SeriesWriter } from './render.js';

export type CollectorName = 'swr_signing' | 'swr_registries' | 'hss_registries' | 'apig_signature_keys';

export const COLLECTOR_NAMES: readonly CollectorName[] = [
  'swr_signing',
  'swr_registries',
  'hss_registries',
  'apig_signature_keys',
];

// --- What to collect, per region ------------------------------------------------------------------------

export interface SwrTargetOptions {
  /** Default true. */
  enabled?: boolean | undefined;
  /** Instance ids to poll. Absent: every instance ListInstance reports as Running. */
  instances?: readonly string[] | undefined;
  /** Only these signature policies. Absent: every policy of each instance (ListInstanceSignPolicies). */
  policies?: ReadonlyArray<{ instanceId: string; policyId: number }> | undefined;
  /** Registries read one by one with ShowInstanceRegistry. Absent: ListInstanceRegistries on each instance. */
  registries?: ReadonlyArray<{ instanceId: string; registryId: number }> | undefined;
}

export interface HssTargetOptions {
  /** Default true. */
  enabled?: boolean | undefined;
  /** ListRegistry's enterprise_project_id. Default `all_granted_eps` (every project); `0` = the default one. */
  enterpriseProjectId?: string | undefined;
}

export interface ApigTargetOptions {
  gateway: Gateway;
  /** Instance ids to poll. Absent: every instance the gateway's instance list reports as Running. */
  instances?: readonly string[] | undefined;
}

export interface RegionTarget {
  /** Huawei region id; becomes the `region` label, so it must be unique across targets. */
  region: string;
  api: RegionApi;
  swr?: SwrTargetOptions | undefined;
  hss?: HssTargetOptions | undefined;
  /** Gateways to read signature keys from. Absent: [{ gateway: 'apig' }]; an empty list turns it off. */
  apig?: readonly ApigTargetOptions[] | undefined;
}

// --- How to collect -------------------------------------------------------------------------------------

export interface CollectorConfig {
  enabled: boolean;
  /** A snapshot younger than this is served without asking upstream. */
  ttlSeconds: number;
  /** A snapshot older than this is never served (its series disappear). */
  maxAgeSeconds: number;
  /**
   * Series one run of the collector (one region) may write; the rest is left out, counted in
   * huaweicloud_collector_series_omitted and warned about. Bounds /metrics when upstream returns far more.
   */
  maxSeries: number;
}

export interface SwrSigningSettings {
  /** task_status series kept per policy; the rest is counted in task_status_omitted. */
  maxTasksPerPolicy: number;
  /** Tasks read per execution at most (the cap chooses among them, failures first). */
  maxTasksFetched: number;
  /** limit for ListInstanceSignPolicyExecutions pages (SWR allows at most 100). */
  executionsPageSize: number;
  /** Finished executions whose tasks are kept (they never change, so they are never read again). */
  taskCacheEntries: number;
}

export interface CollectorSettings {
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
  swrSigning: SwrSigningSettings;
}

/** CollectorSettings with every field optional; missing ones take the defaults (settings.ts). */
export interface CollectorSettingsInput {
  timeoutOffsetSeconds?: number | undefined;
  maxTimeoutSeconds?: number | undefined;
  /** Default: 300, or maxTimeoutSeconds when that is longer. */
  refreshTimeoutSeconds?: number | undefined;
  workerLimit?: number | undefined;
  discoveryTtlSeconds?: number | undefined;
  collectors?: Partial<Record<CollectorName, Partial<CollectorConfig> | undefined>> | undefined;
  swrSigning?: Partial<SwrSigningSettings> | undefined;
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

// --- Engine ↔ collector ---------------------------------------------------------------------------------

export interface CollectContext {
  /** The run's signal (its refresh deadline, engine shutdown): pass it to every upstream call. */
  signal: AbortSignal;
  /** A fresh writer per run; discarded when the run fails, so no partial series escape. */
  out: SeriesWriter;
}

export interface Collector {
  readonly name: CollectorName;
  readonly region: string;
  collect(ctx: CollectContext): Promise<void>;
}

/** What every collector gets from the engine. */
export interface CollectorDeps {
  region: string;
  api: RegionApi;
  /** Shared across the engine: bounds upstream work items in flight. */
  limiter: WorkLimiter;
  /** Workers a collector runs at once (the limiter still bounds the total). */
  workers: number;
  logger: EngineLogger;
  now: () => number;
}
