// Huawei's flow control as the gateway applies it: a number of calls per user and API within a sliding window.
// Documented: HSS allows 5 calls/minute per user (or IP) per API (HSS API reference, "Limitations and
// Constraints", hss_02_0005). SWR, APIG and ROMA publish no quota for the APIs simulated here, so nothing is
// enforced for them unless a test or the bench asks. A call over the quota gets 429 APIG.0308 and is not
// counted against the window (the lenient reading: a client pacing itself exactly is never refused twice).

import { z } from 'zod';

export const quotaSpecSchema = z
  .object({
    /** Calls admitted per user and API within the window. */
    calls: z.number().int().min(1).max(1_000_000),
    windowSeconds: z.number().min(0.001).max(86_400),
  })
  .strict();

export type QuotaSpec = z.infer<typeof quotaSpecSchema>;

/** Keyed by target like faults: 'hss.ListRegistry', 'hss.*' or '*'; the most specific wins. */
export type QuotaTable = Record<string, QuotaSpec>;

export const DOCUMENTED_QUOTAS: Readonly<QuotaTable> = Object.freeze({
  'hss.*': { calls: 5, windowSeconds: 60 },
});

export type QuotaVerdict = { ok: true } | { ok: false; limit: number; windowSeconds: number };

export class QuotaEnforcer {
  #table: QuotaTable;
  /** Admission times per `user|project|operation`, oldest first, trimmed to the window. */
  readonly #admitted = new Map<string, number[]>();
  readonly #refused = new Map<string, number>();

  constructor(
    table: QuotaTable,
    private readonly now: () => number,
  ) {
    this.#table = parseTable(table);
  }

  get table(): QuotaTable {
    return { ...this.#table };
  }

  /** Replaces the quotas (control API); the windows already counted are forgotten. */
  set(table: QuotaTable): void {
    this.#table = parseTable(table);
    this.#admitted.clear();
  }

  /**
   * Counts the call for `user` when it fits the operation's quota. `project` keeps regions apart: each region
   * has its own endpoint, and so its own flow control.
   */
  admit(user: string, project: string, operation: string): QuotaVerdict {
    const spec = this.#specFor(operation);
    if (spec === undefined) return { ok: true };
    const key = `${user}|${project}|${operation}`;
    const t = this.now();
    const windowMs = spec.windowSeconds * 1000;
    const times = this.#admitted.get(key) ?? [];
    // The window is (t - W, t]: a call exactly W after another no longer shares a window with it.
    while (times.length > 0 && (times[0] ?? 0) <= t - windowMs) times.shift();
    if (times.length >= spec.calls) {
      this.#refused.set(operation, (this.#refused.get(operation) ?? 0) + 1);
      return { ok: false, limit: spec.calls, windowSeconds: spec.windowSeconds };
    }
    times.push(t);
    this.#admitted.set(key, times);
    return { ok: true };
  }

  /** Calls refused per operation since start. */
  refused(): Record<string, number> {
    return Object.fromEntries([...this.#refused].sort(([a], [b]) => a.localeCompare(b)));
  }

  #specFor(operation: string): QuotaSpec | undefined {
    const service = operation.slice(0, Math.max(0, operation.indexOf('.')));
    return this.#table[operation] ?? this.#table[`${service}.*`] ?? this.#table['*'];
  }
}

function parseTable(table: QuotaTable): QuotaTable {
  const out: QuotaTable = {};
  for (const [target, spec] of Object.entries(table)) out[target] = quotaSpecSchema.parse(spec);
  return out;
}

/** The window as Huawei's APIG.0308 message words it ("time:1 minute", "time:1 second"). */
export function windowWords(windowSeconds: number): string {
  if (windowSeconds === 60) return '1 minute';
  if (windowSeconds === 1) return '1 second';
  return `${windowSeconds} seconds`;
}
