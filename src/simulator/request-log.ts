// What clients asked for: calls per operation with their statuses, plus the most recent requests in order.
// Tests and benchmarks read it through the handle or GET /_sim/log. Headers are never recorded (they carry
// signatures and tokens); paths and queries of these APIs hold no credentials.

export interface RequestLogEntry {
  seq: number;
  /** Simulator clock, ISO 8601. */
  at: string;
  service: string;
  /** `service.Operation`, e.g. `swr.ListInstanceSignPolicyExecutions`; `unmatched` when no route served it. */
  operation: string;
  method: string;
  /** Path and query as received. */
  url: string;
  /** HTTP status sent; 0 when the connection was reset before any answer. */
  status: number;
  /** The injected fault, if any. */
  fault?: string;
  /** How the caller authenticated. */
  auth: 'aksk' | 'token' | 'none' | 'failed';
  requestId: string;
  durationMs: number;
}

export interface OperationSummary {
  calls: number;
  /** Count per status code ('0' = reset). */
  statuses: Record<string, number>;
}

export interface RequestLogOptions {
  /** Entries kept in order (the per-operation counts are never trimmed). */
  capacity?: number;
}

export class RequestLog {
  readonly #capacity: number;
  #entries: RequestLogEntry[] = [];
  #summary = new Map<string, OperationSummary>();
  #seq = 0;

  constructor(opts: RequestLogOptions = {}) {
    this.#capacity = opts.capacity ?? 10_000;
  }

  record(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.#seq, ...entry };
    this.#entries.push(full);
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
    const summary = this.#summary.get(entry.operation) ?? { calls: 0, statuses: {} };
    summary.calls += 1;
    const key = String(entry.status);
    summary.statuses[key] = (summary.statuses[key] ?? 0) + 1;
    this.#summary.set(entry.operation, summary);
    return full;
  }

  /** Recorded entries, oldest first; optionally only one operation and/or the last `limit`. */
  entries(filter: { operation?: string | undefined; limit?: number | undefined } = {}): RequestLogEntry[] {
    const matching =
      filter.operation === undefined
        ? this.#entries
        : this.#entries.filter((e) => e.operation === filter.operation);
    return filter.limit === undefined
      ? [...matching]
      : matching.slice(Math.max(0, matching.length - filter.limit));
  }

  /** Calls per operation with status counts. */
  summary(): Record<string, OperationSummary> {
    const out: Record<string, OperationSummary> = {};
    for (const [operation, s] of [...this.#summary].sort(([a], [b]) => a.localeCompare(b))) {
      out[operation] = { calls: s.calls, statuses: { ...s.statuses } };
    }
    return out;
  }

  /** Number of calls of one operation (0 when never called). */
  count(operation: string): number {
    return this.#summary.get(operation)?.calls ?? 0;
  }

  reset(): void {
    this.#entries = [];
    this.#summary = new Map();
  }
}
