// The two caches of the engine: a collector's last snapshot (served fresh within its TTL, served stale with
// its age until its max age, then dropped) and a bounded LRU for immutable upstream data.

export interface Timed<T> {
  value: T;
  /** Wall-clock ms when the value was stored. */
  storedAt: number;
}

export class SnapshotCache<T> {
  readonly #ttlMs: number;
  readonly #maxAgeMs: number;
  #entry: Timed<T> | undefined;

  constructor(ttlSeconds: number, maxAgeSeconds: number) {
    this.#ttlMs = ttlSeconds * 1000;
    this.#maxAgeMs = maxAgeSeconds * 1000;
  }

  set(value: T, now: number): void {
    this.#entry = { value, storedAt: now };
  }

  /** The entry if younger than the TTL: serve it without asking upstream. */
  fresh(now: number): Timed<T> | undefined {
    const entry = this.#entry;
    return entry !== undefined && now - entry.storedAt < this.#ttlMs ? entry : undefined;
  }

  /** The entry if still within its max age (fresh or stale); an older one is dropped for good. */
  usable(now: number): Timed<T> | undefined {
    const entry = this.#entry;
    if (entry === undefined) return undefined;
    if (now - entry.storedAt > this.#maxAgeMs) {
      this.#entry = undefined;
      return undefined;
    }
    return entry;
  }

  clear(): void {
    this.#entry = undefined;
  }
}

/** Least-recently-used map with a fixed number of entries (Map keeps insertion order; reads re-insert). */
export class LruCache<K, V> {
  readonly #capacity: number;
  readonly #map = new Map<K, V>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LRU capacity must be ≥ 1: ${capacity}`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.#capacity) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
    }
  }

  clear(): void {
    this.#map.clear();
  }
}
