// One deadline per operation. It aborts a signal (so undici and every wait stop on the wall clock) and also
// answers "would waiting X ms pass it?" from the injectable clock, so retry and limiter decisions are exact and
// testable without real time passing. The timer and signal are runtime/deadline.ts, the one implementation
// the engine's deadlines use too.

import { setTimeout as delay } from 'node:timers/promises';
import { startTimerDeadline } from '../../runtime/deadline.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
};

/** The reason our own timer aborts with; lets callers tell the deadline apart from other aborts. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly operationMs: number) {
    super(`operation deadline of ${operationMs} ms exceeded`);
  }
}

export interface OperationDeadline {
  /** Aborts when the caller's signal aborts or the deadline passes. */
  readonly signal: AbortSignal;
  readonly operationMs: number;
  /** Milliseconds left according to the injected clock (never negative). */
  remainingMs(): number;
  /** True when waiting `ms` more would end after the deadline. */
  wouldPass(ms: number): boolean;
  /** Why `signal` aborted: the caller ('aborted'), the deadline ('timeout'), or not at all. */
  abortCause(): 'aborted' | 'timeout' | undefined;
  /** The abort reason to use as an error's `cause`. */
  abortReason(): unknown;
  dispose(): void;
}

export function startDeadline(
  operationMs: number,
  callerSignal: AbortSignal | undefined,
  now: () => number,
): OperationDeadline {
  const expiresAt = now() + operationMs;
  const deadline = startTimerDeadline(operationMs, () => new DeadlineExceeded(operationMs), callerSignal);
  const { signal, timer } = deadline;
  const remainingMs = (): number => Math.max(0, expiresAt - now());

  return {
    signal,
    operationMs,
    remainingMs,
    wouldPass: (ms) => ms > remainingMs(),
    abortCause() {
      // The caller wins a tie: if they gave up, "aborted" is the more useful answer.
      if (callerSignal?.aborted) return 'aborted';
      if (timer.aborted) return 'timeout';
      return undefined;
    },
    abortReason() {
      if (callerSignal?.aborted) return callerSignal.reason;
      return timer.aborted ? timer.reason : undefined;
    },
    dispose: deadline.dispose,
  };
}
