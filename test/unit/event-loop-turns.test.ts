import { afterEach, describe, expect, it } from 'vitest';
import { yieldToEventLoop } from '../../src/runtime/event-loop-turns.js';

/** Synchronous work, as parsing a large page is. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

let stopCounting: (() => void) | undefined;
afterEach(() => stopCounting?.());

/** Counts turns of the event loop: a self-rescheduling immediate runs once per turn. */
function turnCounter(): { readonly turn: number } {
  const counter = { turn: 0 };
  let handle = setImmediate(function tick() {
    counter.turn++;
    handle = setImmediate(tick);
  });
  stopCounting = () => clearImmediate(handle);
  return counter;
}

describe('yieldToEventLoop', () => {
  it('costs nothing while the turn is within its budget', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    await yieldToEventLoop();
    expect(yieldToEventLoop()).toBeUndefined();
  });

  it('spreads waiters that resume together over several turns, each turn within the budget', async () => {
    const counter = turnCounter();
    busy(10); // over the 8 ms budget: everyone who asks now must wait
    const turns: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await yieldToEventLoop();
        turns.push(counter.turn);
        busy(3);
      }),
    );
    // 6 × 3 ms do not fit one 8 ms turn: at most three waiters per turn, so at least two turns.
    const perTurn = new Map<number, number>();
    for (const turn of turns) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    expect(perTurn.size).toBeGreaterThanOrEqual(2);
    for (const count of perTurn.values()) expect(count).toBeLessThanOrEqual(3);
  });
});
