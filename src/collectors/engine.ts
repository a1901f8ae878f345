// The scrape engine: collection happens when Prometheus scrapes. Every (collector, region) unit answers from
// its cache or from one shared upstream run, waiting no longer than the scrape's deadline; the scrape stitches
// the units' pre-rendered texts together with the exporter's own metrics. Upstream runs are bounded by their
// own refresh deadline and keep going after a scrape gave up, so a later scrape finds their data; until then
// such an overdue run is not waited for again, so one slow collector costs one scrape deadline, not every one.

import { buildUnits, validateTargets } from './build-units.js';
import { COLLECTED_FAMILIES } from './catalog.js';
import { renderCollectorStatus } from './collector-status.js';
import type { CollectorUnit } from './collector-unit.js';
import { WorkLimiter } from './concurrency.js';
import { scrapeBudgetSeconds, startDeadline } from './deadline.js';
import type { CachedLookup } from './discovery.js';
import { type ApiMetricsObserver, createApiMetricsObserver } from './exporter-metrics.js';
import { assembleExposition, EXPOSITION_CONTENT_TYPE } from './render.js';
import { resolveCollectorSettings } from './settings.js';
import type {
  CollectorSettings,
  CollectorStatus,
  EngineLogger,
  EngineOptions,
  ScrapeOptions,
} from './types.js';

const SILENT: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };

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
  readonly #lookups: CachedLookup<readonly string[]>[] = [];
  #closed = false;

  /** Throws CollectorSettingsError (naming the setting or target) on bad input. */
  constructor(opts: EngineOptions) {
    this.settings = resolveCollectorSettings(opts.settings);
    validateTargets(opts.targets);
    this.apiMetrics = opts.apiMetrics ?? createApiMetricsObserver();
    const shared = {
      limiter: new WorkLimiter(this.settings.workerLimit),
      logger: opts.logger ?? SILENT,
      now: opts.now ?? Date.now,
    };
    for (const target of opts.targets) {
      const built = buildUnits(target, this.settings, shared);
      this.#units.push(...built.units);
      this.#lookups.push(...built.lookups);
    }
  }

  /** The whole exposition for one scrape; resolves by the deadline whatever upstream does. */
  async scrape(opts: ScrapeOptions = {}): Promise<string> {
    if (this.#closed) throw new EngineClosedError();
    const deadline = startDeadline(scrapeBudgetSeconds(opts.timeoutSeconds, this.settings), opts.signal);
    try {
      const readings = await Promise.all(this.#units.map((unit) => unit.read(deadline.signal)));
      const collected = assembleExposition(
        COLLECTED_FAMILIES,
        readings.map((r) => r.families),
      );
      const own = await this.apiMetrics.render();
      return collected + renderCollectorStatus(readings) + own;
    } finally {
      deadline.dispose();
    }
  }

  status(): CollectorStatus[] {
    return this.#units.map((unit) => unit.status());
  }

  /** Aborts the runs in flight and drops caches; scrapes still waiting get failures, later ones an error. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#units.map((u) => u.close()), ...this.#lookups.map((l) => l.close())]);
  }
}
