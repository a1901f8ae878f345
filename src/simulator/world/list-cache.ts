// Whole lists the list routes page through, built once per state of the world. A 10,000-item list filtered and
// sorted afresh for every page made the simulator, not the client, the bottleneck of large benchmarks
// (57–120 ms per page). Every mutation and clock tick of the world moves the revision, which drops them all;
// callers only ever slice the cached arrays, never change them.

const MAX_ENTRIES = 4096;

export class ListCache {
  #revision = 0;
  readonly #entries = new Map<string, { revision: number; value: unknown }>();

  /** The list for `key` at the current revision, built by `build` when there is none. */
  get<T>(key: string, build: () => T): T {
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.revision === this.#revision) return hit.value as T;
    const value = build();
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { revision: this.#revision, value });
    return value;
  }

  /** The world changed: every cached list is out of date. Returns `result` for use in a return statement. */
  changed<T>(result: T): T {
    this.#revision += 1;
    this.#entries.clear();
    return result;
  }
}
