// Holding a request back until its operation's call budget and its service's concurrency limit allow it.
// The first attempt is paced before the operation's deadline starts: a budget of 5 calls a minute means
// waits of many seconds, which belong to the refresh (bounded by the caller's signal), not to the operation's
// time on the wire. Retries wait within the deadline: a wait that would pass it fails at once. Each wait is
// reported, so throttling by our own limiter is visible.

import type { ServiceName } from '../observer.js';
import type { ServiceLimits } from '../options.js';
import { DeadlineExceeded, type OperationDeadline, type Sleep } from './deadline.js';
import type { OperationBudget } from './operation-budget.js';
import { Semaphore } from './rate-limit.js';

export type WaitCause = 'rate_limit' | 'concurrency';

export interface AdmissionContext {
  deadline: OperationDeadline;
  sleep: Sleep;
  onWaited(cause: WaitCause, waitedMs: number): void;
}

export interface PaceContext {
  /** The caller's signal: the only bound on a paced wait. */
  signal: AbortSignal | undefined;
  sleep: Sleep;
  /** A Retry-After hold longer than this fails at once instead of being waited out. */
  maxHoldMs: number;
  onWaited(cause: WaitCause, waitedMs: number): void;
}

/** The operation is on hold (the cloud sent Retry-After) for longer than a caller may wait. */
export class BudgetHeld extends Error {
  override readonly name = 'BudgetHeld';
  constructor(readonly heldForMs: number) {
    super(`held for ${Math.ceil(heldForMs / 1000)} s after a 429 with Retry-After`);
  }
}

export class ServiceGate {
  readonly #slots: Semaphore;

  constructor(
    limits: Pick<ServiceLimits, 'concurrency'>,
    /** The operation's budget: kept outside the gate (CallBudgets), so it outlives this client. */
    private readonly budgetOf: (operation: string) => OperationBudget,
    private readonly now: () => number,
  ) {
    this.#slots = new Semaphore(limits.concurrency);
  }

  get inFlight(): number {
    return this.#slots.inUse;
  }

  /** The operation's budget. */
  budget(operation: string): OperationBudget {
    return this.budgetOf(operation);
  }

  /**
   * Waits for the first attempt's place in the operation's budget. Rejects with BudgetHeld when a Retry-After
   * hold outlasts `maxHoldMs`, or with the signal's reason when the caller gives up meanwhile.
   */
  async pace(operation: string, ctx: PaceContext): Promise<void> {
    const budget = this.budget(operation);
    const heldMs = budget.heldForMs();
    if (heldMs > ctx.maxHoldMs) throw new BudgetHeld(heldMs);
    await waitForPlace(budget, budget.reserve(), {
      ...ctx,
      refuse: (held) => (held > ctx.maxHoldMs ? new BudgetHeld(held) : undefined),
    });
  }

  /**
   * Resolves with the slot's release function once the request may go; it returns true when a waiting request
   * took the slot over. `paced`: the budget was already waited for (pace()); otherwise (a retry) the budget
   * wait counts against the deadline and one that would pass it rejects with DeadlineExceeded. Rejects with
   * the signal's reason when the operation is aborted meanwhile. `slotless`: a credential request (a token
   * or temporary keys another request of this service needs in order to be signed) takes no slot — with
   * the slot held by that request it would wait for itself. It is single-flighted by its credential source.
   */
  async enter(
    operation: string,
    ctx: AdmissionContext,
    paced: boolean,
    slotless = false,
  ): Promise<() => boolean> {
    // The budget first: holding a concurrency slot while waiting for the rate would starve other requests.
    if (!paced) await this.#reserveWithin(this.budget(operation), ctx);
    if (slotless) return () => false;
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

  async #reserveWithin(budget: OperationBudget, ctx: AdmissionContext): Promise<void> {
    const waitMs = budget.reserve();
    if (waitMs > 0 && ctx.deadline.wouldPass(waitMs)) {
      budget.refund();
      throw new DeadlineExceeded(ctx.deadline.operationMs);
    }
    await waitForPlace(budget, waitMs, {
      sleep: ctx.sleep,
      signal: ctx.deadline.signal,
      onWaited: ctx.onWaited,
      refuse: (held) =>
        ctx.deadline.wouldPass(held) ? new DeadlineExceeded(ctx.deadline.operationMs) : undefined,
    });
  }
}

interface PlaceWait {
  sleep: Sleep;
  signal: AbortSignal | undefined;
  onWaited(cause: WaitCause, waitedMs: number): void;
  /** The error for a Retry-After hold too long to wait out; undefined when it may be waited for. */
  refuse(heldMs: number): Error | undefined;
}

/**
 * Sleeps out a reserved place's wait; a caller that gives up meanwhile hands the place back. A Retry-After
 * that arrived while it slept holds this call too (the bucket's hold only delays later reservations): its
 * place is handed back and taken again behind the hold, or the call fails unsent when the hold is too long.
 */
async function waitForPlace(budget: OperationBudget, firstWaitMs: number, w: PlaceWait): Promise<void> {
  let waitMs = firstWaitMs;
  for (;;) {
    if (waitMs > 0) {
      try {
        await w.sleep(waitMs, w.signal);
      } catch (e) {
        budget.refund();
        throw e;
      }
      w.onWaited('rate_limit', waitMs);
    }
    const heldMs = budget.heldForMs();
    if (heldMs <= 0) return;
    budget.refund();
    const refusal = w.refuse(heldMs);
    if (refusal !== undefined) throw refusal;
    waitMs = budget.reserve();
  }
}

/** One gate per service, created on first use. */
export class ServiceGates {
  readonly #gates = new Map<ServiceName, ServiceGate>();

  constructor(
    private readonly limitsFor: (service: ServiceName) => Pick<ServiceLimits, 'concurrency'>,
    private readonly budgetOf: (service: ServiceName, operation: string) => OperationBudget,
    private readonly now: () => number,
  ) {}

  for(service: ServiceName): ServiceGate {
    let gate = this.#gates.get(service);
    if (gate === undefined) {
      gate = new ServiceGate(
        this.limitsFor(service),
        (operation) => this.budgetOf(service, operation),
        this.now,
      );
      this.#gates.set(service, gate);
    }
    return gate;
  }
}
