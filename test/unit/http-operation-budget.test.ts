import { describe, expect, it } from 'vitest';
import { BUDGET_ADAPTATION, OperationBudget } from '../../src/huaweicloud/http/operation-budget.js';

function budgetAt(ratePerSecond: number, burst = 1) {
  let t = 0;
  const rates: number[] = [];
  const budget = new OperationBudget(
    { ratePerSecond, burst },
    () => t,
    (rate) => rates.push(rate),
  );
  return { budget, rates, advance: (ms: number) => (t += ms) };
}

describe('OperationBudget', () => {
  it('reports the configured rate when it is set up', () => {
    expect(budgetAt(0.08).rates).toEqual([0.08]);
  });

  it('halves on each 429 down to the floor, and recovers a twentieth per answered call', () => {
    const { budget, rates } = budgetAt(8);
    budget.throttled(undefined);
    expect(budget.ratePerSecond).toBe(4);
    for (let i = 0; i < 5; i++) budget.throttled(undefined);
    expect(budget.ratePerSecond).toBe(8 * BUDGET_ADAPTATION.floor);
    for (let i = 0; i < 4; i++) budget.answered();
    expect(budget.ratePerSecond).toBeCloseTo(8 * (0.125 + 4 * 0.05));
    for (let i = 0; i < 40; i++) budget.answered();
    expect(budget.ratePerSecond).toBe(8);
    // Each change was reported, none beyond the configured rate.
    expect(Math.max(...rates)).toBe(8);
    expect(rates.at(-1)).toBe(8);
  });

  it('paces at the lowered rate', () => {
    const { budget } = budgetAt(1);
    expect(budget.reserve()).toBe(0);
    budget.throttled(undefined);
    expect(budget.reserve()).toBe(2_000);
  });

  it('holds every call until Retry-After has passed', () => {
    const { budget, advance } = budgetAt(0.08);
    budget.reserve();
    budget.throttled(3_600_000);
    expect(budget.heldForMs()).toBe(3_600_000);
    advance(1_800_000);
    expect(budget.heldForMs()).toBe(1_800_000);
    // After the hold, the next call also waits one interval of the halved budget (0.04/s: 25 s).
    expect(budget.reserve()).toBe(1_800_000 + 25_000);
  });

  it('leaves an unlimited budget unlimited', () => {
    const { budget, rates } = budgetAt(0);
    budget.throttled(undefined);
    expect(budget.ratePerSecond).toBe(0);
    expect(rates).toEqual([0]);
  });
});
