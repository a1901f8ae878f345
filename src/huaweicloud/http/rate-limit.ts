// Admission primitives: a token bucket for an operation's call budget and a semaphore for a service's requests
// in flight. Huawei throttles per user and API (APIG.0308, hss_02_0005), so staying under the rate beats
// retrying 429s.

/**
 * Token bucket with reservations: a caller takes a token now and is told how long to wait before using it.
 * Tokens may go negative, which queues callers fairly without a timer per waiter.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;
  #rate: number;
  #burst: number;

  constructor(
    ratePerSecond: number,
    burst: number,
    private readonly now: () => number,
  ) {
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  get burst(): number {
    return this.#burst;
  }

  /** Changes the burst from now on; tokens saved up beyond it are dropped, a debt (queued waiters) stays. */
  setBurst(burst: number): void {
    this.#refill();
    this.#burst = burst;
    this.#tokens = Math.min(this.#tokens, burst);
  }

  get ratePerSecond(): number {
    return this.#rate;
  }

  /**
   * Changes the refill rate from now on (the budget adapting to throttling). Tokens earned so far are kept;
   * reservations already handed out keep their waits, later ones are spaced at the new rate.
   */
  setRate(ratePerSecond: number): void {
    this.#refill();
    this.#rate = ratePerSecond;
  }

  /** Reserves one token; returns the milliseconds to wait before sending (0 = go now). */
  reserve(): number {
    const holdMs = this.heldForMs();
    if (this.#rate <= 0) return holdMs; // 0 means unlimited, but a hold still stands
    this.#refill();
    this.#tokens -= 1;
    const deficitMs = this.#tokens >= 0 ? 0 : (-this.#tokens / this.#rate) * 1000;
    const waitMs = holdMs + deficitMs;
    // The epsilon keeps float noise (e.g. 100.00000000001) from adding a millisecond.
    return waitMs > 0 ? Math.ceil(waitMs - 1e-9) : 0;
  }

  /** Gives back a reserved token that was not used (the caller gave up while waiting). */
  refund(): void {
    if (this.#rate <= 0) return;
    this.#refill();
    this.#tokens = Math.min(this.#burst, this.#tokens + 1);
  }

  /**
   * Nothing is released before `untilMs` (the upstream's Retry-After), and no saved-up burst after it: the
   * first waiter goes at `untilMs`, the rest one interval apart.
   */
  holdUntil(untilMs: number): void {
    this.#refill();
    this.#tokens = Math.min(this.#tokens, 1);
    this.#updatedAt = Math.max(this.#updatedAt, untilMs);
  }

  /** Milliseconds until a hold set by holdUntil ends (0 when none). */
  heldForMs(): number {
    return Math.max(0, this.#updatedAt - this.now());
  }

  #refill(): void {
    const t = this.now();
    // During a hold #updatedAt lies ahead: nothing is earned until it has passed.
    const elapsed = Math.max(0, t - this.#updatedAt);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed / 1000) * this.#rate);
    this.#updatedAt = Math.max(this.#updatedAt, t);
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
