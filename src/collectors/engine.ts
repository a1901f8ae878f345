// The scrape engine: collection happens when Prometheus scrapes. Every (collector, region) unit answers from
// its cache or from one shared upstream run, waiting no longer than the scrape's deadline; the scrape stitches
// the units' pre-encoded pieces together with the exporter's own metrics. Upstream runs are bounded by their
// own refresh deadline and keep going after a scrape gave up, so a later scrape finds their data; until then
// such an overdue run is not waited for again, so one slow collector costs one scrape deadline, not every one.

import { buildUnits, validateTargets } from './build-units.js';
import { renderCollectorStatus } from './collector-status.js';
import type { CollectorUnit, UnitReading } from './collector-unit.js';
import { WorkLimiter } from './concurrency.js';
import { scrapeBudgetSeconds, startDeadline } from './deadline.js';
import type { InstanceLookup } from './discovery.js';
import { assembleEncoded, expositionText } from './encoded-exposition.js';
import { type ApiMetricsObserver, createApiMetricsObserver } from './exporter-metrics.js';
import { COLLECTED_FAMILIES } from './index.js';
import { type EncodedFamilies, EXPOSITION_CONTENT_TYPE } from './render.js';
import { resolveCollectorSettings } from './settings.js';
import type {
  ChunkedBytes,
  CollectorSettings,
  CollectorStatus,
  EngineOptions,
  ScrapeOptions,
  ScrapeResult,
} from './types.js';
import { SILENT_LOGGER } from './types.js';

export class EngineClosedError extends Error {
  override readonly name = 'EngineClosedError';
  constructor() {
    super('the collector engine is closed');
  }
}

export class Engine {
  readonly contentType = EXPOSITION_CONTENT_TYPE;
  readonly settings: CollectorSettings;
  readonly apiMetrics: ApiMetricsObserver;
  readonly #units: CollectorUnit[] = [];
  readonly #lookups: InstanceLookup[] = [];
  #closed = false;
  /** The collected families as served, with the unit snapshots they were assembled from. */
  #collected: { snapshots: ReadonlyArray<EncodedFamilies | undefined>; part: ChunkedBytes } | undefined;

  /** Throws CollectorSettingsError (naming the setting or target) on bad input. */
  constructor(opts: EngineOptions) {
    this.settings = resolveCollectorSettings(opts.settings);
    validateTargets(opts.targets);
    this.apiMetrics = opts.apiMetrics ?? createApiMetricsObserver({ logger: opts.logger });
    const shared = {
      limiter: new WorkLimiter(this.settings.workerLimit),
      logger: opts.logger ?? SILENT_LOGGER,
      now: opts.now ?? Date.now,
    };
    for (const target of opts.targets) {
      const built = buildUnits(target, this.settings, shared);
      this.#units.push(...built.units);
      this.#lookups.push(...built.lookups);
    }
  }

  /** The whole exposition for one scrape as text; resolves by the deadline whatever upstream does. */
  async scrape(opts: ScrapeOptions = {}): Promise<string> {
    return expositionText(await this.scrapeEncoded(opts));
  }

  /**
   * The same exposition as UTF-8, for serving: the collected part (megabytes for large estates) is the units'
   * pieces encoded once per refresh, assembled by reference once per set of unit snapshots; only the collector
   * status and the exporter's own metrics (a few kilobytes) are rendered and encoded on every scrape.
   */
  async scrapeEncoded(opts: ScrapeOptions = {}): Promise<ScrapeResult> {
    if (this.#closed) throw new EngineClosedError();
    const deadline = startDeadline(scrapeBudgetSeconds(opts.timeoutSeconds, this.settings), opts.signal);
    let readings: UnitReading[];
    let own: string;
    try {
      readings = await Promise.all(this.#units.map((unit) => unit.read(deadline.signal)));
      own = await this.apiMetrics.render();
    } finally {
      deadline.dispose();
    }
    return {
      collected: this.#collectedPart(readings.map((r) => r.families)),
      tail: Buffer.from(renderCollectorStatus(readings) + own, 'utf8'),
      outcomes: readings.map(({ name, account, region, success }) =>
        account === undefined ? { name, region, success } : { name, account, region, success },
      ),
    };
  }

  /** Snapshots are immutable and replaced whole on refresh, so identity tells whether the assembly still holds. */
  #collectedPart(snapshots: ReadonlyArray<EncodedFamilies | undefined>): ChunkedBytes {
    const cached = this.#collected;
    if (
      cached !== undefined &&
      cached.snapshots.length === snapshots.length &&
      cached.snapshots.every((snapshot, i) => snapshot === snapshots[i])
    ) {
      return cached.part;
    }
    const part = assembleEncoded(COLLECTED_FAMILIES, snapshots);
    this.#collected = { snapshots, part };
    return part;
  }

  status(): CollectorStatus[] {
    return this.#units.map((unit) => unit.status());
  }

  /** Aborts the runs in flight and drops caches; scrapes still waiting get failures, later ones an error. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#collected = undefined;
    await Promise.all([...this.#units.map((u) => u.close()), ...this.#lookups.map((l) => l.close())]);
  }
}
