// One budget for synchronous work per turn of the event loop, shared by everything in the process that works
// through large amounts of data (collectors writing samples, the client parsing answers), so /-/healthy and
// timers still run during a refresh of a huge estate.

import { setImmediate as nextMacrotask } from 'node:timers/promises';

const TURN_BUDGET_MS = 8;
let turnStartedAt = performance.now();
let resetScheduled = false;

function overBudget(): boolean {
  return performance.now() - turnStartedAt >= TURN_BUDGET_MS;
}

/** The turn's clock restarts in the next turn, before any waiter resumes there (immediates run in order). */
function scheduleTurnStart(): void {
  if (resetScheduled) return;
  resetScheduled = true;
  setImmediate(() => {
    resetScheduled = false;
    turnStartedAt = performance.now();
  });
}

async function waitForTurn(): Promise<void> {
  // One immediate per waiter: Node runs each immediate's microtasks (the waiter's work up to its next await)
  // before the next immediate, so every waiter checks the budget after the ones before it have worked, and
  // those that find it spent wait for the turn after. A burst of waiters cannot hold the loop much past it.
  do {
    scheduleTurnStart();
    await nextMacrotask();
  } while (overBudget());
}

/**
 * Await inside long loops and before heavy steps: once TURN_BUDGET_MS of synchronous work has passed since the
 * turn started (or the last yield), it yields (timers and I/O such as /-/healthy run). Returns undefined
 * (nothing to await) while within budget, so the common case costs no promise.
 */
export function yieldToEventLoop(): Promise<void> | undefined {
  return overBudget() ? waitForTurn() : undefined;
}
