// The contract between the engine and each collector: what a region target carries, what a collector gets
// from the engine and what it implements. The collectors' descriptors import this, never types.ts (which
// derives from the descriptor list), so the list can be typed without an import cycle.

import type { RegionApi } from '../huaweicloud/api.js';
import type { Gateway } from '../huaweicloud/models.js';
import type { WorkLimiter } from './concurrency.js';
import type { EngineLogger } from './logger.js';
import type { SeriesWriter } from './render.js';

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
  /**
   * The configured account the target belongs to (docs/accounts.md): the `account` label of all its series.
   * Absent without `accounts` in the config, and then no series has the label.
   */
  account?: string | undefined;
  /** Huawei region id; becomes the `region` label, so it must be unique across the targets of one account. */
  region: string;
  api: RegionApi;
  swr?: SwrTargetOptions | undefined;
  hss?: HssTargetOptions | undefined;
  /** Gateways to read signature keys from. Absent: [{ gateway: 'apig' }]; an empty list turns it off. */
  apig?: readonly ApigTargetOptions[] | undefined;
}

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

/** A region's target without its client: what to collect there, section by section. */
export type TargetSections = Omit<RegionTarget, 'account' | 'region' | 'api'>;

// --- Engine ↔ collector ---------------------------------------------------------------------------------

export interface CollectContext {
  /** The run's signal (its refresh deadline, engine shutdown): pass it to every upstream call. */
  signal: AbortSignal;
  /** A fresh writer per run; discarded when the run fails, so no partial series escape. */
  out: SeriesWriter;
}

export interface Collector {
  /** Its descriptor's name. */
  readonly name: string;
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
