// The two deadlines. A scrape's: Prometheus says how long it will wait (X-Prometheus-Scrape-Timeout-Seconds);
// we stop a little earlier so the answer is on the wire in time, and never wait longer than the configured
// cap. A refresh's: an upstream run is bounded by its own time limit, not by the scrapes waiting for it. The
// timer itself is runtime/deadline.ts, the one implementation the client's operation deadline uses too.

import { startTimerDeadline } from '../runtime/deadline.js';

export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  readonly timeoutSeconds: number;

  constructor(timeoutSeconds: number) {
    super(`scrape deadline of ${Number(timeoutSeconds.toFixed(3))}s exceeded`);
    this.timeoutSeconds = timeoutSeconds;
  }
}

export class RefreshDeadlineExceededError extends Error {
  override readonly name = 'RefreshDeadlineExceededError';
  readonly timeoutSeconds: number;

  constructor(timeoutSeconds: number) {
    super(`refresh deadline of ${Number(timeoutSeconds.toFixed(3))}s exceeded`);
    this.timeoutSeconds = timeoutSeconds;
  }
}

/**
 * Seconds the engine may spend on a scrape. A missing, non-finite or non-positive timeout means "not told":
 * the cap applies. When the offset would eat the whole timeout, half of it is used instead.
 */
export function scrapeBudgetSeconds(
  timeoutSeconds: number | undefined,
  settings: { timeoutOffsetSeconds: number; maxTimeoutSeconds: number },
): number {
  if (timeoutSeconds === undefined || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    return settings.maxTimeoutSeconds;
  }
  const withOffset = timeoutSeconds - settings.timeoutOffsetSeconds;
  const budget = withOffset > 0 ? withOffset : timeoutSeconds / 2;
  return Math.min(budget, settings.maxTimeoutSeconds);
}

export interface Deadline {
  readonly signal: AbortSignal;
  readonly seconds: number;
  dispose(): void;
}

/** An AbortSignal that fires after `seconds` (reason DeadlineExceededError) or when `parent` aborts. */
export function startDeadline(seconds: number, parent?: AbortSignal): Deadline {
  const timer = startTimerDeadline(seconds * 1000, () => new DeadlineExceededError(seconds), parent);
  return { signal: timer.signal, seconds, dispose: timer.dispose };
}
