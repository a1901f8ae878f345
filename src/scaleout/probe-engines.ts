// One collector engine per probe target, kept between probes so the engine's cache (TTL) and single-flight
// work across scrapes: a target probed again within its TTL, or by two scrapers at once, costs one upstream
// run. The set is bounded; the least recently probed engine is closed once no probe is using it.

import { Registry } from 'prom-client';
import { Engine, EngineClosedError } from '../collectors/engine.js';
import type { ApiMetricsObserver } from '../collectors/exporter-metrics.js';
import type { EngineOptions } from '../collectors/types.js';

/** Enough for a large estate's targets; past it, the least recently probed engines are dropped. */
export const DEFAULT_MAX_PROBE_ENGINES = 4096;

/**
 * Probe engines render no exporter-wide metrics: huaweicloud_api_*, build info and process metrics belong to
 * the exporter's /metrics (the shared clients still report to it), not to every target's probe.
 */
const NO_OWN_METRICS: ApiMetricsObserver = {
  registry: new Registry(),
  render: async () => '',
  useLogger() {},
  forAccount: () => ({}),
};

interface Entry {
  engine: Engine;
  users: number;
  evicted: boolean;
}

export class ProbeEngines {
  readonly #max: number;
  /** Map order is recency order: a probe moves its entry to the end. */
  readonly #entries = new Map<string, Entry>();
  readonly #closing = new Set<Promise<void>>();
  #closed = false;

  constructor(maxEngines = DEFAULT_MAX_PROBE_ENGINES) {
    if (!Number.isInteger(maxEngines) || maxEngines < 1) {
      throw new RangeError(`maxEngines: must be a whole number of at least 1, got ${String(maxEngines)}`);
    }
    this.#max = maxEngines;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Runs `use` on the engine kept under `key`, creating it from `options()` the first time. */
  async use<T>(
    key: string,
    options: () => Omit<EngineOptions, 'apiMetrics'>,
    use: (engine: Engine) => Promise<T>,
  ): Promise<T> {
    if (this.#closed) throw new EngineClosedError();
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      // Built synchronously, so concurrent first probes of one target share one engine.
      entry = { engine: new Engine({ ...options(), apiMetrics: NO_OWN_METRICS }), users: 0, evicted: false };
    } else {
      this.#entries.delete(key);
    }
    this.#entries.set(key, entry);
    entry.users += 1;
    this.#evictBeyondLimit();
    try {
      return await use(entry.engine);
    } finally {
      entry.users -= 1;
      if (entry.evicted && entry.users === 0) this.#close(entry);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const entry of this.#entries.values()) this.#close(entry);
    this.#entries.clear();
    await Promise.all(this.#closing);
  }

  #evictBeyondLimit(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#max) return;
      this.#entries.delete(key);
      entry.evicted = true;
      if (entry.users === 0) this.#close(entry);
    }
  }

  #close(entry: Entry): void {
    // Closing only aborts runs and drops caches; nothing is left to report if it fails.
    const closing = entry.engine
      .close()
      .catch(() => undefined)
      .finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }
}
