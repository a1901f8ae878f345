// A call already waiting for its place in the budget when a Retry-After arrives must not be sent inside the
// hold: the bucket's hold only delays later reservations, so the waiter checks again when it wakes.

import { describe, expect, it } from 'vitest';
import { BudgetHeld, ServiceGate } from '../../src/huaweicloud/http/admission.js';
import { OperationBudget } from '../../src/huaweicloud/http/operation-budget.js';

/** A clock whose sleeps wait until the test wakes them, moving time to their end. */
function steppedClock() {
  let t = 0;
  const sleeps: Array<{ until: number; wake(): void }> = [];
  return {
    now: () => t,
    sleeps,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const until = t + ms;
        sleeps.push({
          until,
          wake: () => {
            t = until;
            resolve();
          },
        });
      }),
    /** Wakes sleep number `count` once the code under test has started it (a few microtasks at most). */
    async wakeLatest(count: number) {
      for (let turn = 0; sleeps.length < count && turn < 100; turn++) await Promise.resolve();
      const sleep = sleeps[count - 1];
      if (sleep === undefined) throw new Error(`no sleep #${count} was started`);
      sleep.wake();
    },
  };
}

function gateAt(clock: ReturnType<typeof steppedClock>) {
  // HSS's 5 calls a minute, burst 1: one call every 12.5 s.
  const budget = new OperationBudget({ ratePerSecond: 0.08, burst: 1 }, clock.now, () => {});
  const gate = new ServiceGate({ concurrency: 4 }, () => budget, clock.now);
  const pace = () =>
    gate.pace('ListRegistry', { signal: undefined, sleep: clock.sleep, maxHoldMs: 30_000, onWaited() {} });
  return { budget, pace };
}

describe('a Retry-After that arrives while a call waits for its place', () => {
  it('fails the waiting call unsent when the hold is longer than it may wait', async () => {
    const clock = steppedClock();
    const { budget, pace } = gateAt(clock);
    await pace(); // t = 0, the burst
    const second = pace();
    await Promise.resolve();
    expect(clock.sleeps[0]?.until).toBe(12_500);
    budget.throttled(3_600_000);
    await clock.wakeLatest(1);
    const error = await second.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BudgetHeld);
    expect((error as BudgetHeld).heldForMs).toBe(3_587_500);
  });

  it('sends the waiting call only after a shorter hold, at the pace the bucket gives', async () => {
    const clock = steppedClock();
    const { budget, pace } = gateAt(clock);
    await pace();
    let sentAt: number | undefined;
    const second = pace().then(() => {
      sentAt = clock.now();
    });
    budget.throttled(20_000); // held until t = 20 s; the rate halves to one call every 25 s
    await clock.wakeLatest(1); // t = 12.5 s: still held, so the place is taken again behind the hold
    await clock.wakeLatest(2);
    await second;
    expect(clock.sleeps[1]?.until).toBe(45_000);
    expect(sentAt).toBe(45_000);
    expect(budget.heldForMs()).toBe(0);
  });
});
