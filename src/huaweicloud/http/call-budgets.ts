// Every operation's call budget, kept for the whole process rather than one client. Huawei counts calls per
// user and API, and a Retry-After holds that user's calls: a reload that builds new clients must not forget a
// hold, a lowered rate or a spent burst, and a replaced client still finishing a scrape must spend from the
// same bucket as its successor. So budgets are keyed by whom the cloud counts (credential identity), region,
// service and operation — like the SignatureGate, which is keyed by access key — and a changed configuration
// re-rates the existing bucket instead of starting a fresh one.

import type { ServiceName } from '../observer.js';
import { type BudgetLimits, OperationBudget } from './operation-budget.js';

export interface BudgetKey {
  /** Whom the cloud counts the calls against: a hashed AK, an IAM user; never a secret. */
  identity: string;
  region: string;
  service: ServiceName;
  operation: string;
}

/** Budgets kept at most; identities change (rotated keys), so idle ones must not pile up. */
const MAX_BUDGETS = 4096;

export class CallBudgets {
  readonly #budgets = new Map<string, OperationBudget>();

  /**
   * The budget for `key`, created on first use with `limits`. One that exists keeps its state (tokens, hold,
   * throttled rate); only its limits follow `limits`, and `onChange` replaces the previous listener.
   */
  budget(
    key: BudgetKey,
    limits: BudgetLimits,
    now: () => number,
    onChange: (ratePerSecond: number) => void,
  ): OperationBudget {
    const id = JSON.stringify([key.identity, key.region, key.service, key.operation]);
    const budget = this.#budgets.get(id);
    if (budget !== undefined) {
      budget.follow(limits, onChange);
      return budget;
    }
    const created = new OperationBudget(limits, now, onChange);
    this.#budgets.set(id, created);
    this.#evictIdle();
    return created;
  }

  get size(): number {
    return this.#budgets.size;
  }

  /** Oldest first; a budget still on hold is kept, so eviction never lifts a Retry-After. */
  #evictIdle(): void {
    for (const [id, budget] of this.#budgets) {
      if (this.#budgets.size <= MAX_BUDGETS) return;
      if (budget.heldForMs() === 0) this.#budgets.delete(id);
    }
  }
}
