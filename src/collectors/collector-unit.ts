// One collector for one region, with its cache and bookkeeping: serve the snapshot while it is fresh, else
// join (or start) the single upstream run and wait for it until the scrape's deadline; when that fails,
// serve the last good snapshot with its age while it is within its max age, and report failure.

import { SnapshotCache } from './cache.js';
import { describeError } from './failures.js';
import type { RenderedFamilies } from './render.js';
import { SeriesWriter } from './render.js';
import { SingleFlight } from './single-flight.js';
import type { Collector, CollectorConfig, CollectorName, CollectorStatus, EngineLogger } from './types.js';

interface Snapshot {
  families: RenderedFamilies;
  samples: number;
}

interface RunRecord {
  startedAt: number;
  finishedAt: number;
  durationSeconds: number;
  success: boolean;
  error: string | null;
}

/** What one scrape gets from one unit. */
export interface UnitReading {
  name: CollectorName;
  region: string;
  families: RenderedFamilies | undefined;
  success: boolean;
  durationSeconds: number | undefined;
  lastSuccessAt: number | undefined;
  dataAgeSeconds: number | undefined;
}

export class CollectorUnit {
  readonly #collector: Collector;
  readonly #cache: SnapshotCache<Snapshot>;
  readonly #flight: SingleFlight<Snapshot>;
  readonly #now: () => number;
  readonly #logger: EngineLogger;
  #lastRun: RunRecord | undefined;
  #lastSuccessAt: number | undefined;

  constructor(
    collector: Collector,
    config: CollectorConfig,
    now: () => number,
    logger: EngineLogger,
    abandonRunAfterMs?: number,
  ) {
    this.#collector = collector;
    this.#flight = new SingleFlight(abandonRunAfterMs);
    this.#cache = new SnapshotCache(config.ttlSeconds, config.maxAgeSeconds);
    this.#now = now;
    this.#logger = logger;
  }

  get name(): CollectorName {
    return this.#collector.name;
  }

  get region(): string {
    return this.#collector.region;
  }

  /** Never rejects: a failure is part of the reading. */
  async read(signal: AbortSignal): Promise<UnitReading> {
    const waitStart = this.#now();
    const fresh = this.#cache.fresh(waitStart);
    if (fresh !== undefined)
      return this.#reading(fresh.value, true, this.#lastRun?.durationSeconds, waitStart);
    try {
      const snapshot = await this.#flight.do((runSignal) => this.#run(runSignal), signal);
      return this.#reading(snapshot, true, this.#lastRun?.durationSeconds, this.#now());
    } catch {
      const at = this.#now();
      const stale = this.#cache.usable(at);
      const run = this.#lastRun;
      // When the run outlived this scrape, what this scrape saw is the time it waited.
      const duration =
        run !== undefined && run.finishedAt >= waitStart ? run.durationSeconds : (at - waitStart) / 1000;
      return this.#reading(stale?.value, false, duration, at, stale?.storedAt);
    }
  }

  status(): CollectorStatus {
    const now = this.#now();
    const run = this.#lastRun;
    const usable = this.#cache.usable(now);
    return {
      name: this.name,
      region: this.region,
      lastRunAt: run === undefined ? null : new Date(run.startedAt),
      durationSeconds: run?.durationSeconds ?? null,
      success: run?.success ?? null,
      lastError: run?.error ?? null,
      dataAgeSeconds: usable === undefined ? null : (now - usable.storedAt) / 1000,
    };
  }

  async close(): Promise<void> {
    await this.#flight.abort(new Error('engine closed'));
    this.#cache.clear();
  }

  #reading(
    snapshot: Snapshot | undefined,
    success: boolean,
    durationSeconds: number | undefined,
    at: number,
    storedAt?: number,
  ): UnitReading {
    const stored = storedAt ?? this.#cache.usable(at)?.storedAt;
    return {
      name: this.name,
      region: this.region,
      families: snapshot?.families,
      success,
      durationSeconds,
      lastSuccessAt: this.#lastSuccessAt,
      dataAgeSeconds:
        snapshot === undefined || stored === undefined ? undefined : Math.max(at - stored, 0) / 1000,
    };
  }

  async #run(signal: AbortSignal): Promise<Snapshot> {
    const startedAt = this.#now();
    const out = new SeriesWriter();
    const where = { collector: this.name, region: this.region };
    try {
      await this.#collector.collect({ signal, out });
      const snapshot: Snapshot = { families: out.finish(), samples: out.samples };
      const finishedAt = this.#now();
      this.#cache.set(snapshot, finishedAt);
      this.#lastSuccessAt = finishedAt;
      this.#lastRun = record(startedAt, finishedAt, null);
      this.#logger.debug({ ...where, samples: snapshot.samples }, 'collector run finished');
      return snapshot;
    } catch (error) {
      // An abort surfaces as the client's ABORTED error; the signal's reason says why (deadline, shutdown).
      const cause = signal.aborted ? signal.reason : error;
      const description = describeError(cause);
      const finishedAt = this.#now();
      this.#lastRun = record(startedAt, finishedAt, description);
      this.#logger.warn({ ...where, error: description }, 'collector run failed');
      throw error;
    }
  }
}

function record(startedAt: number, finishedAt: number, error: string | null): RunRecord {
  return {
    startedAt,
    finishedAt,
    durationSeconds: (finishedAt - startedAt) / 1000,
    success: error === null,
    error,
  };
}
