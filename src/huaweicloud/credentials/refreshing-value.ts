// A fetched credential that expires (ECS temporary keys, IAM tokens): fetched once for all concurrent callers,
// renewed ahead of its expiry, and — when renewal fails — still used while it has life left, so a brief IAM or
// metadata hiccup does not fail scrapes that the old value can still serve.

import { SingleFlight } from '../../runtime/single-flight.js';
import { credentialsError } from './common.js';

export interface Expiring<T> {
  value: T;
  /** Epoch ms. */
  expiresAt: number;
}

export interface RefreshPolicy {
  /** What the value is, for messages ("ECS metadata credentials"). */
  what: string;
  /** Renew when less than this remains; capped at half the lifetime so a short-lived value is not refetched
   *  on every call. */
  refreshMarginMs: number;
  /** After a failed renewal while the old value is still usable, wait this long before trying again. */
  retryDelayMs: number;
  /** How long not to ask again after a failure (e.g. a rejected password: asking again only moves the
   *  account towards a lock-out): the value in hand serves meanwhile while still usable, otherwise the
   *  failure is the answer. 0 = ask on the next call (or after retryDelayMs while a value is usable). */
  holdFailureMs?: ((error: unknown) => number) | undefined;
}

/** A value closer than this to its expiry is not used: the request still has to travel and be checked. */
export const MIN_REMAINING_MS = 60_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
  refreshAt: number;
}

export class RefreshingValue<T> {
  readonly #fetch: () => Promise<Expiring<T>>;
  readonly #now: () => number;
  readonly #policy: RefreshPolicy;
  #entry: Entry<T> | undefined;
  /** One fetch for all concurrent callers; a caller that aborts stops waiting, the fetch goes on. */
  readonly #flight = new SingleFlight<Entry<T>>();
  #retryAt = 0;
  #held: { error: unknown; until: number } | undefined;

  constructor(fetch: () => Promise<Expiring<T>>, now: () => number, policy: RefreshPolicy) {
    this.#fetch = fetch;
    this.#now = now;
    this.#policy = policy;
  }

  async get(signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const now = this.#now();
    const entry = this.#entry;
    if (entry !== undefined && now < entry.refreshAt) return entry.value;
    const stillUsable = entry !== undefined && now < entry.expiresAt - MIN_REMAINING_MS;
    const held = this.#held !== undefined && now < this.#held.until;
    // A held failure only spaces renewals out while the value in hand still works; it is the answer only
    // once nothing usable is left.
    if (stillUsable && (now < this.#retryAt || held)) return entry.value;
    if (held && this.#held !== undefined) throw this.#held.error;
    try {
      return (await this.#flight.do(() => this.#fetchEntry(), signal)).value;
    } catch (e) {
      if (signal?.aborted || !stillUsable) throw e;
      return entry.value;
    }
  }

  /** Drops the value (after a 401): the next call fetches, without waiting out a retry delay. */
  invalidate(): void {
    this.#entry = undefined;
    this.#retryAt = 0;
  }

  async #fetchEntry(): Promise<Entry<T>> {
    try {
      const { value, expiresAt } = await this.#fetch();
      const now = this.#now();
      if (!Number.isFinite(expiresAt) || expiresAt - now < MIN_REMAINING_MS) {
        throw credentialsError(`${this.#policy.what} arrived already expired (or within a minute of it)`);
      }
      const margin = Math.min(this.#policy.refreshMarginMs, (expiresAt - now) / 2);
      const entry: Entry<T> = { value, expiresAt, refreshAt: expiresAt - margin };
      this.#entry = entry;
      this.#retryAt = 0;
      this.#held = undefined;
      return entry;
    } catch (e) {
      const now = this.#now();
      this.#retryAt = now + this.#policy.retryDelayMs;
      const holdMs = this.#policy.holdFailureMs?.(e) ?? 0;
      if (holdMs > 0) this.#held = { error: e, until: now + holdMs };
      throw e;
    }
  }
}
