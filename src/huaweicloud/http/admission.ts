// Holding a request back until its service's rate and concurrency limits allow it. The wait belongs to the
// operation: it counts against the deadline, a wait that would pass the deadline fails at once, and each
// wait is reported so throttling by our own limiter is visible.

import type { ServiceName } from '../observer.js';
import type { ServiceLimits } from '../options.js';
import { DeadlineExceeded, type OperationDeadline, type Sleep } from './deadline.js';
import { Semaphore, TokenBucket } from './rate-limit.js';

export type WaitCause = 'rate_limit' | 'concurrency';

export interface AdmissionContext {
  deadline: OperationDeadline;
  sleep: Sleep;
  onWaited(cause: WaitCause, waitedMs: number): void;
}

export class ServiceGate {
  readonly #bucket: TokenBucket;
  readonly #slots: Semaphore;

  constructor(
    limits: ServiceLimits,
    private readonly now: () => number,
  ) {
    this.#bucket = new TokenBucket(limits.ratePerSecond, limits.burst, now);
    this.#slots = new Semaphore(limits.concurrency);
  }

  get inFlight(): number {
    return this.#slots.inUse;
  }

  /**
   * Resolves with the slot's release function once the request may go; it returns true when a waiting request
   * took the slot over. Rejects with DeadlineExceeded when the rate wait would pass the deadline, or with the
   * signal's reason when the operation is aborted meanwhile.
   */
  async enter(ctx: AdmissionContext): Promise<() => boolean> {
    // The token first: holding a concurrency slot while waiting for the rate would starve other requests.
    const rateWaitMs = this.#bucket.reserve();
    if (rateWaitMs > 0) {
      if (ctx.deadline.wouldPass(rateWaitMs)) {
        this.#bucket.refund();
        throw new DeadlineExceeded(ctx.deadline.operationMs);
      }
      try {
        await ctx.sleep(rateWaitMs, ctx.deadline.signal);
      } catch (e) {
        this.#bucket.refund();
        throw e;
      }
      ctx.onWaited('rate_limit', rateWaitMs);
    }

    if (!this.#slots.tryAcquire()) {
      const startedAt = this.now();
      await this.#slots.acquire(ctx.deadline.signal);
      ctx.onWaited('concurrency', Math.max(0, this.now() - startedAt));
    }
    let released = false;
    return () => {
      if (released) return false;
      released = true;
      return this.#slots.release();
    };
  }
}

/** One gate per service, created on first use. */
export class ServiceGates {
  readonly #gates = new Map<ServiceName, ServiceGate>();

  constructor(
    private readonly limitsFor: (service: ServiceName) => ServiceLimits,
    private readonly now: () => number,
  ) {}

  for(service: ServiceName): ServiceGate {
    let gate = this.#gates.get(service);
    if (gate === undefined) {
      gate = new ServiceGate(this.limitsFor(service), this.now);
      this.#gates.set(service, gate);
    }
    return gate;
  }
}
