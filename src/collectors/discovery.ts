// Which instances to poll. Discovery lists change rarely, so they are reused for discoveryTtlSeconds and
// shared by the collectors of a region (the SWR signing and registry collectors ask the same question).
// Explicit ids in the config skip the list call entirely.

import type { RegionApi } from '../huaweicloud/api.js';
import type { Gateway } from '../huaweicloud/models.js';
import { SingleFlight } from './single-flight.js';

/** A value loaded on demand, reused for `ttlMs`, loaded once for concurrent askers. */
export class CachedLookup<T> {
  readonly #load: (signal: AbortSignal) => Promise<T>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #flight = new SingleFlight<T>();
  #cached: { value: T; at: number } | undefined;

  constructor(load: (signal: AbortSignal) => Promise<T>, ttlMs: number, now: () => number) {
    this.#load = load;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async get(signal: AbortSignal): Promise<T> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now() - cached.at < this.#ttlMs) return cached.value;
    return this.#flight.do(async (runSignal) => {
      const value = await this.#load(runSignal);
      this.#cached = { value, at: this.#now() };
      return value;
    }, signal);
  }

  /** Forget the cached value (an instance vanished): the next get() asks upstream again. */
  invalidate(): void {
    this.#cached = undefined;
  }

  close(): Promise<void> {
    this.#cached = undefined;
    return this.#flight.abort(new Error('engine closed'));
  }
}

/**
 * A list of instance ids to poll. `configured`: the ids come from the config (or a /probe target), not from a
 * list call, so one the cloud does not know is a mistake to report, not an instance deleted since it was listed.
 */
export class InstanceLookup extends CachedLookup<readonly string[]> {
  readonly configured: boolean;

  constructor(
    load: (signal: AbortSignal) => Promise<readonly string[]>,
    ttlMs: number,
    now: () => number,
    configured: boolean,
  ) {
    super(load, ttlMs, now);
    this.configured = configured;
  }
}

const RUNNING = 'Running';
/** SWR and APIG say `Running`, ROMA Connect says `RUNNING`. */
const isRunning = (status: string) => status.toUpperCase() === 'RUNNING';

export function swrInstanceDiscovery(
  api: RegionApi,
  explicit: readonly string[] | undefined,
  ttlMs: number,
  now: () => number,
): InstanceLookup {
  return new InstanceLookup(
    async (signal) => {
      if (explicit !== undefined) return unique(explicit);
      const listed = await api.swr.listInstances({ status: RUNNING, signal });
      // The status filter is a server-side hint; check it here too.
      return unique(listed.items.filter((i) => isRunning(i.status)).map((i) => i.id));
    },
    ttlMs,
    now,
    explicit !== undefined,
  );
}

export function gatewayInstanceDiscovery(
  api: RegionApi,
  gateway: Gateway,
  explicit: readonly string[] | undefined,
  ttlMs: number,
  now: () => number,
): InstanceLookup {
  return new InstanceLookup(
    async (signal) => {
      if (explicit !== undefined) return unique(explicit);
      const listed = await api.apig.listInstances(gateway, { signal });
      return unique(listed.items.filter((i) => isRunning(i.status)).map((i) => i.id));
    },
    ttlMs,
    now,
    explicit !== undefined,
  );
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
