// Per-service admission: a token bucket for the request rate and a semaphore for requests in flight.
// Huawei throttles per user and service (APIG.0308), so staying under the rate beats retrying 429s.

/**
 * Token bucket with reservations: a caller takes a token now and is told how long to wait before using it.
 * Tokens may go negative, which queues callers fairly without a timer per waiter.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  /** Reserves one token; returns the milliseconds to wait before sending (0 = go now). */
  reserve(): number {
    if (this.ratePerSecond <= 0) return 0; // 0 means unlimited
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;
    // The epsilon keeps float noise (e.g. 100.00000000001) from adding a millisecond.
    return Math.ceil((-this.#tokens / this.ratePerSecond) * 1000 - 1e-9);
  }

  /** Gives back a reserved token that was not used (the caller gave up while waiting). */
  refund(): void {
    if (this.ratePerSecond <= 0) return;
    this.#refill();
    this.#tokens = Math.min(this.burst, this.#tokens + 1);
  }

  #refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.#updatedAt);
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed / 1000) * this.ratePerSecond);
    this.#updatedAt = t;
  }
}

interface Waiter {
  grant(): void;
}

/** Counting semaphore; slots are handed to waiters in arrival order. */
export class Semaphore {
  #free: number;
  readonly #waiters: Waiter[] = [];

  constructor(readonly size: number) {
    this.#free = size;
  }

  get inUse(): number {
    return this.size - this.#free;
  }

  tryAcquire(): boolean {
    if (this.#free === 0) return false;
    this.#free -= 1;
    return true;
  }

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Frees a slot, or hands it straight to the longest waiter; true when a waiter got it. */
  release(): boolean {
    const next = this.#waiters.shift();
    if (next === undefined) {
      this.#free = Math.min(this.size, this.#free + 1);
      return false;
    }
    next.grant(); // the slot passes straight on; #free stays as it is
    return true;
  }
}
