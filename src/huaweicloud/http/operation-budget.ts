// One operation's call budget. Huawei's quotas are per user and API (HSS: 5 calls/minute per user per API,
// hss_02_0005), so every operation paces its own calls with a token bucket. The budget adapts to throttling
// like TCP's AIMD: a 429 halves it (never below an eighth of the configured rate), each answered call wins
// back a twentieth, so it recovers over tens of calls, not at once. A Retry-After becomes a hold on the
// bucket that outlives the operation — and the refresh — that was told to wait.

import { TokenBucket } from './rate-limit.js';

export interface BudgetLimits {
  /** Calls per second (0 = unlimited). */
  ratePerSecond: number;
  /** Calls that may go back to back after a quiet spell. */
  burst: number;
}

export const BUDGET_ADAPTATION = {
  /** Multiplier applied on every 429. */
  decrease: 0.5,
  /** The budget never drops below this fraction of the configured rate. */
  floor: 0.125,
  /** Fraction of the configured rate won back per answered call. */
  recovery: 0.05,
} as const;

export class OperationBudget {
  readonly #bucket: TokenBucket;
  #configured: number;
  #fraction = 1;
  #onChange: (ratePerSecond: number) => void;

  constructor(
    limits: BudgetLimits,
    private readonly now: () => number,
    onChange: (ratePerSecond: number) => void,
  ) {
    this.#configured = limits.ratePerSecond;
    this.#onChange = onChange;
    this.#bucket = new TokenBucket(limits.ratePerSecond, limits.burst, now);
    onChange(limits.ratePerSecond);
  }

  /**
   * A new configuration (a reload) for the same budget: its rate and burst apply from now on, scaled by the
   * throttling already seen; the tokens spent, a Retry-After hold and the throttled fraction stay.
   */
  follow(limits: BudgetLimits, onChange: (ratePerSecond: number) => void): void {
    this.#onChange = onChange;
    if (limits.ratePerSecond === this.#configured && limits.burst === this.#bucket.burst) return;
    this.#configured = limits.ratePerSecond;
    this.#bucket.setBurst(limits.burst);
    this.#bucket.setRate(this.#configured * this.#fraction);
    onChange(this.#bucket.ratePerSecond);
  }

  /** The rate calls are paced at now (0 = unlimited). */
  get ratePerSecond(): number {
    return this.#bucket.ratePerSecond;
  }

  /** Milliseconds left of a Retry-After hold (0 when none). */
  heldForMs(): number {
    return this.#bucket.heldForMs();
  }

  /** Takes the next call's place; the milliseconds to wait before sending it. */
  reserve(): number {
    return this.#bucket.reserve();
  }

  /** Gives a reserved place back (the caller gave up before sending). */
  refund(): void {
    this.#bucket.refund();
  }

  /** The cloud throttled a call: pace slower, and not at all until Retry-After when it sent one. */
  throttled(retryAfterMs: number | undefined): void {
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.#bucket.holdUntil(this.now() + retryAfterMs);
    this.#setFraction(Math.max(BUDGET_ADAPTATION.floor, this.#fraction * BUDGET_ADAPTATION.decrease));
  }

  /** A call was answered without throttling: win back part of the configured rate. */
  answered(): void {
    if (this.#fraction < 1) this.#setFraction(Math.min(1, this.#fraction + BUDGET_ADAPTATION.recovery));
  }

  #setFraction(fraction: number): void {
    // An unlimited budget stays unlimited: there is no rate to lower.
    if (this.#configured <= 0 || fraction === this.#fraction) return;
    this.#fraction = fraction;
    this.#bucket.setRate(this.#configured * fraction);
    this.#onChange(this.#bucket.ratePerSecond);
  }
}
