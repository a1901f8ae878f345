// The process-wide budget registry: one bucket per identity, region, service and operation, whose state a
// new configuration re-rates but never resets.

import { describe, expect, it } from 'vitest';
import { CallBudgets } from '../../src/huaweicloud/http/call-budgets.js';

const key = { identity: 'ak:one', region: 'cn-north-4', service: 'hss' as const, operation: 'ListRegistry' };

describe('CallBudgets', () => {
  it('hands the same budget to a second client: its hold, spent burst and throttled rate stay', () => {
    const t = 0;
    const now = () => t;
    const budgets = new CallBudgets();
    const rates: number[] = [];
    const first = budgets.budget(key, { ratePerSecond: 1, burst: 2 }, now, (r) => rates.push(r));
    expect(first.reserve()).toBe(0);
    first.throttled(60_000);
    const second = budgets.budget(key, { ratePerSecond: 1, burst: 2 }, now, () => {});
    expect(second).toBe(first);
    expect(second.heldForMs()).toBe(60_000);
    expect(second.reserve()).toBe(60_000); // no fresh burst: the hold stands
    expect(rates).toEqual([1, 0.5]);
  });

  it('re-rates an existing budget to a new configuration, keeping the throttled fraction', () => {
    const budgets = new CallBudgets();
    const now = () => 0;
    const seen: number[] = [];
    const budget = budgets.budget(key, { ratePerSecond: 4, burst: 1 }, now, () => {});
    budget.throttled(undefined);
    budgets.budget(key, { ratePerSecond: 10, burst: 1 }, now, (r) => seen.push(r));
    expect(budget.ratePerSecond).toBe(5);
    expect(seen).toEqual([5]);
  });

  it('keeps identities, regions and operations apart', () => {
    const budgets = new CallBudgets();
    const now = () => 0;
    const limits = { ratePerSecond: 1, burst: 1 };
    const a = budgets.budget(key, limits, now, () => {});
    expect(budgets.budget({ ...key, identity: 'ak:two' }, limits, now, () => {})).not.toBe(a);
    expect(budgets.budget({ ...key, region: 'ap-southeast-1' }, limits, now, () => {})).not.toBe(a);
    expect(budgets.budget({ ...key, operation: 'ListImages' }, limits, now, () => {})).not.toBe(a);
    expect(budgets.size).toBe(4);
  });
});
