// One collector for one region, with its cache and bookkeeping: serve the snapshot while it is fresh, else
// join (or start) the single upstream run and wait for it until the scrape's deadline. When the run fails, or
// is still going at the deadline, the scrape gets the last good snapshot with its age while it is within its
// max age, and failure. A run outlives the scrapes that gave up on it (bounded by its own refresh deadline),
// so a refresh longer than any scrape still lands in the cache for a later scrape. Once a scrape has given up
// on a run, the run is overdue: later scrapes answer at once with what the unit has instead of each waiting
// a whole deadline again for the same stale answer.

import { SingleFlight } from '../runtime/single-flight.js';
import { seriesWriterFor } from './account-label.js';
import { SnapshotCache } from './cache.js';
import { DeadlineExceededError, RefreshDeadlineExceededError } from './deadline.js';
import { describeError } from './failures.js';
import { inRefreshScope } from './refresh-scope.js';
import type { EncodedFamilies } from './render.js';
import type { Collector, CollectorConfig, CollectorName, CollectorStatus, EngineLogger } from './types.js';

interface Snapshot {
  families: EncodedFamilies;
  samples: number;
  /** Left out by the series cap. */
  omitted: number;
}

interface RunRecord {
  startedAt: number;
  finishedAt: number;
  durationSeconds: number;
  success: boolean;
  error: string | null;
}

/** The run in flight, if any. */
interface RunningRecord {
  startedAt: number;
  /** Why the run is overdue: set when a scrape waiting for it reached its deadline; later ones do not wait. */
  overdueError: string | undefined;
}

interface OverdueRun {
  startedAt: number;
  error: string;
}

/** What one scrape gets from one unit. */
export interface UnitReading {
  name: CollectorName;
  /** RegionTarget.account: absent without accounts. */
  account: string | undefined;
  region: string;
  families: EncodedFamilies | undefined;
  success: boolean;
  durationSeconds: number | undefined;
  lastSuccessAt: number | undefined;
  dataAgeSeconds: number | undefined;
  /** Series the served snapshot left out (collectors.<name>.max_series); undefined without a snapshot. */
  seriesOmitted: number | undefined;
}

export class CollectorUnit {
  readonly #collector: Collector;
  readonly #cache: SnapshotCache<Snapshot>;
  readonly #flight: SingleFlight<Snapshot>;
  readonly #now: () => number;
  readonly #logger: EngineLogger;
  readonly #maxSeries: number;
  readonly #account: string | undefined;
  #lastRun: RunRecord | undefined;
  #lastSuccessAt: number | undefined;
  #running: RunningRecord | undefined;

  constructor(
    collector: Collector,
    config: CollectorConfig,
    now: () => number,
    logger: EngineLogger,
    run: {
      refreshTimeoutSeconds: number;
      abandonAfterMs?: number | undefined;
      /** The target's account: the `account` label of the unit's series. */
      account?: string | undefined;
    },
  ) {
    this.#collector = collector;
    this.#account = run.account;
    const { refreshTimeoutSeconds } = run;
    this.#flight = new SingleFlight({
      runTimeout: {
        ms: refreshTimeoutSeconds * 1000,
        reason: () => new RefreshDeadlineExceededError(refreshTimeoutSeconds),
      },
      abandonAfterMs: run.abandonAfterMs,
    });
    this.#cache = new SnapshotCache(config.ttlSeconds, config.maxAgeSeconds);
    this.#now = now;
    this.#logger = logger;
    this.#maxSeries = config.maxSeries;
  }

  get name(): CollectorName {
    return this.#collector.name as CollectorName;
  }

  get region(): string {
    return this.#collector.region;
  }

  get account(): string | undefined {
    return this.#account;
  }

  /** Where a log line is about: collector and region, and the account when there are accounts. */
  #where(): { collector: CollectorName; region: string; account?: string } {
    const where = { collector: this.name, region: this.region };
    return this.#account === undefined ? where : { ...where, account: this.#account };
  }

  /** Never rejects: a failure is part of the reading. */
  async read(signal: AbortSignal): Promise<UnitReading> {
    const waitStart = this.#now();
    const fresh = this.#cache.fresh(waitStart);
    if (fresh !== undefined)
      return this.#reading(fresh.value, true, this.#lastRun?.durationSeconds, waitStart);
    const overdue = this.#overdueRun();
    // An overdue run is not waited for; the duration this scrape reports is how long it has run so far.
    if (overdue !== undefined) return this.#staleReading((waitStart - overdue.startedAt) / 1000, waitStart);
    try {
      const snapshot = await this.#flight.do((runSignal) => this.#run(runSignal), signal);
      return this.#reading(snapshot, true, this.#lastRun?.durationSeconds, this.#now());
    } catch (error) {
      const at = this.#now();
      if (error instanceof DeadlineExceededError && error === signal.reason) this.#missedDeadline(error, at);
      const run = this.#lastRun;
      // When the run outlived this scrape, what this scrape saw is the time it waited.
      const duration =
        run !== undefined && run.finishedAt >= waitStart ? run.durationSeconds : (at - waitStart) / 1000;
      return this.#staleReading(duration, at);
    }
  }

  status(): CollectorStatus {
    const now = this.#now();
    const run = this.#lastRun;
    const usable = this.#cache.usable(now);
    const overdue = this.#overdueRun();
    const status: CollectorStatus = {
      name: this.name,
      ...(this.#account === undefined ? {} : { account: this.#account }),
      region: this.region,
      lastRunAt: run === undefined ? null : new Date(run.startedAt),
      durationSeconds: run?.durationSeconds ?? null,
      success: overdue === undefined ? (run?.success ?? null) : false,
      lastError: overdue?.error ?? run?.error ?? null,
      dataAgeSeconds: usable === undefined ? null : (now - usable.storedAt) / 1000,
    };
    if (overdue !== undefined) {
      status.refreshOverdue = {
        startedAt: new Date(overdue.startedAt),
        runningSeconds: (now - overdue.startedAt) / 1000,
      };
    }
    return status;
  }

  async close(): Promise<void> {
    await this.#flight.abort(new Error('engine closed'));
    this.#cache.clear();
  }

  /**
   * The run in flight when it is overdue and would still be joined. One the single flight would abandon is
   * forgotten here: the next scrape starts a new run and waits for it.
   */
  #overdueRun(): OverdueRun | undefined {
    const running = this.#running;
    if (running?.overdueError === undefined) return undefined;
    if (!this.#flight.joinable) {
      this.#running = undefined;
      return undefined;
    }
    return { startedAt: running.startedAt, error: running.overdueError };
  }

  /** A scrape that gave up, or did not wait: the snapshot within its max age with its age, and failure. */
  #staleReading(durationSeconds: number, at: number): UnitReading {
    const stale = this.#cache.usable(at);
    return this.#reading(stale?.value, false, durationSeconds, at, stale?.storedAt);
  }

  #missedDeadline(reason: DeadlineExceededError, at: number): void {
    // A run that already ended has an outcome newer than this miss; an overdue one was reported already.
    const running = this.#running;
    if (running === undefined || running.overdueError !== undefined) return;
    running.overdueError = `${describeError(reason)}; the refresh goes on in the background`;
    // Once per run: the scrapes that follow answer without waiting, so a long refresh is logged once.
    this.#logger.warn(
      {
        ...this.#where(),
        error: running.overdueError,
        runningSeconds: (at - running.startedAt) / 1000,
      },
      'collector refresh outlasted a scrape deadline',
    );
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
      account: this.#account,
      region: this.region,
      families: snapshot?.families,
      success,
      durationSeconds,
      lastSuccessAt: this.#lastSuccessAt,
      dataAgeSeconds:
        snapshot === undefined || stored === undefined ? undefined : Math.max(at - stored, 0) / 1000,
      seriesOmitted: snapshot?.omitted,
    };
  }

  async #run(signal: AbortSignal): Promise<Snapshot> {
    const startedAt = this.#now();
    const running: RunningRecord = { startedAt, overdueError: undefined };
    this.#running = running;
    const out = seriesWriterFor(this.#account, this.#maxSeries);
    const where = this.#where();
    try {
      await inRefreshScope(() => this.#collector.collect({ signal, out }));
      // Encoded here, once per run and in pieces between yields, so no scrape pays for it and no turn of the
      // event loop handles a whole family at once.
      const snapshot: Snapshot = { families: await out.encode(), samples: out.samples, omitted: out.omitted };
      if (snapshot.omitted > 0) {
        this.#logger.warn(
          { ...where, max_series: this.#maxSeries, omitted: snapshot.omitted },
          `series cap reached: series left out (raise collectors.${this.name}.max_series to keep them)`,
        );
      }
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
    } finally {
      // This run's outcome is now newer than any scrape that gave up waiting for it.
      if (this.#running === running) this.#running = undefined;
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
