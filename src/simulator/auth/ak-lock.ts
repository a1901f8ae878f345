// The gateway locks an AK after repeated failed authentications (docs §2.6: five in a row, five minutes). A
// success resets the count; while locked even a correct signature is refused.

export interface AkLockOptions {
  /** Failures in a row that lock the AK. */
  maxFailures?: number;
  lockSeconds?: number;
  now: () => number;
}

interface AkState {
  failures: number;
  lockedUntilMs: number;
}

export class AkLock {
  readonly #states = new Map<string, AkState>();
  readonly #maxFailures: number;
  readonly #lockMs: number;
  readonly #now: () => number;

  constructor(opts: AkLockOptions) {
    this.#maxFailures = opts.maxFailures ?? 5;
    this.#lockMs = (opts.lockSeconds ?? 300) * 1000;
    this.#now = opts.now;
  }

  isLocked(ak: string): boolean {
    const state = this.#states.get(ak);
    if (!state || state.lockedUntilMs === 0) return false;
    if (this.#now() < state.lockedUntilMs) return true;
    this.#states.delete(ak); // lock served: start counting afresh
    return false;
  }

  recordFailure(ak: string): void {
    const state = this.#states.get(ak) ?? { failures: 0, lockedUntilMs: 0 };
    state.failures += 1;
    if (state.failures >= this.#maxFailures) state.lockedUntilMs = this.#now() + this.#lockMs;
    this.#states.set(ak, state);
  }

  recordSuccess(ak: string): void {
    this.#states.delete(ak);
  }

  /** Seconds left on a lock (0 when not locked); for the error message and the control API. */
  secondsLeft(ak: string): number {
    if (!this.isLocked(ak)) return 0;
    const state = this.#states.get(ak);
    return state ? Math.ceil((state.lockedUntilMs - this.#now()) / 1000) : 0;
  }

  clear(): void {
    this.#states.clear();
  }
}
