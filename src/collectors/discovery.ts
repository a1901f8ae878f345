// Which instances to poll. Discovery lists change rarely, so they are reused for discoveryTtlSeconds and
// shared by the collectors of a region (the SWR signing and registry collectors ask the same question).
// Explicit ids in the config skip the list call entirely.

import type { RegionApi } from '../huaweicloud/api.js';
import type { Gateway } from '../huaweicloud/models.js';
import { SingleFlight } from '../runtime/single-flight.js';

/**
 * A value loaded on demand, reused for `ttlMs`, loaded once for concurrent askers. With `failureTtlMs`, a load
 * that failed (not aborted) is rethrown, the same error, for that long instead of asking upstream again: a
 * caller that asks on every request from outside (the /probe allowlist) must not turn each into a list call.
 */
export class CachedLookup<T> {
  readonly #load: (signal: AbortSignal) => Promise<T>;
  readonly #ttlMs: number;
  readonly #failureTtlMs: number;
  readonly #now: () => number;
  readonly #flight = new SingleFlight<T>();
  #cached: { value: T; at: number } | undefined;
  #failed: { error: unknown; at: number } | undefined;

  constructor(load: (signal: AbortSignal) => Promise<T>, ttlMs: number, now: () => number, failureTtlMs = 0) {
    this.#load = load;
    this.#ttlMs = ttlMs;
    this.#failureTtlMs = failureTtlMs;
    this.#now = now;
  }

  /** `maxAgeMs` (at most the TTL) asks for a value younger than that: a caller that has reason to doubt it. */
  async get(signal: AbortSignal, maxAgeMs = this.#ttlMs): Promise<T> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now() - cached.at < Math.min(this.#ttlMs, maxAgeMs))
      return cached.value;
    const failed = this.#failed;
    if (failed !== undefined && this.#now() - failed.at < this.#failureTtlMs) throw failed.error;
    return this.#flight.do(async (runSignal) => {
      try {
        const value = await this.#load(runSignal);
        this.#cached = { value, at: this.#now() };
        this.#failed = undefined;
        return value;
      } catch (error) {
        if (!runSignal.aborted) this.#failed = { error, at: this.#now() };
        throw error;
      }
    }, signal);
  }

  /** Forget the cached value (an instance vanished): the next get() asks upstream again. */
  invalidate(): void {
    this.#cached = undefined;
    this.#failed = undefined;
  }

  close(): Promise<void> {
    this.#cached = undefined;
    this.#failed = undefined;
    return this.#flight.abort(new Error('engine closed'));
  }
}

/** SWR and APIG say `Running`, ROMA Connect says `RUNNING`. */
export const isRunning = (status: string) => status.toUpperCase() === 'RUNNING';

/** An instance as the list reported it; only Running ones are polled, the others are reported as listed. */
export interface ListedInstance {
  id: string;
  name: string;
  status: string;
}

/**
 * What discovery found: the ids to poll, and every listed instance with its raw status (empty when the
 * config names the ids: nothing was listed then).
 */
export interface InstanceList {
  polled: readonly string[];
  listed: readonly ListedInstance[];
  /**
   * The ids come from the config (or a /probe target), not from a list call: one the cloud does not know is a
   * mistake to report, not an instance deleted since it was listed.
   */
  configured: boolean;
}

export type InstanceLookup = CachedLookup<InstanceList>;

function fromList(items: readonly ListedInstance[]): InstanceList {
  const byId = new Map<string, ListedInstance>();
  for (const item of items) byId.set(item.id, item);
  const listed = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { polled: listed.filter((i) => isRunning(i.status)).map((i) => i.id), listed, configured: false };
}

function configured(ids: readonly string[]): InstanceList {
  return { polled: unique(ids), listed: [], configured: true };
}

export function swrInstanceDiscovery(
  api: RegionApi,
  explicit: readonly string[] | undefined,
  ttlMs: number,
  now: () => number,
  failureTtlMs = 0,
): InstanceLookup {
  return new CachedLookup(
    async (signal) => {
      if (explicit !== undefined) return configured(explicit);
      // No server-side status filter: instances that are not Running are reported with their status.
      const listed = await api.swr.listInstances({ signal });
      return fromList(listed.items);
    },
    ttlMs,
    now,
    failureTtlMs,
  );
}

export function gatewayInstanceDiscovery(
  api: RegionApi,
  gateway: Gateway,
  explicit: readonly string[] | undefined,
  ttlMs: number,
  now: () => number,
  failureTtlMs = 0,
): InstanceLookup {
  return new CachedLookup(
    async (signal) => {
      if (explicit !== undefined) return configured(explicit);
      const listed = await api.apig.listInstances(gateway, { signal });
      return fromList(listed.items.map((i) => ({ id: i.id, name: i.instance_name, status: i.status })));
    },
    ttlMs,
    now,
    failureTtlMs,
  );
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
