// The one deadline mechanism: an AbortSignal that aborts when a timer runs out or when a parent signal aborts,
// and a dispose that clears the timer. The engine's scrape and refresh deadlines (collectors/deadline.ts) and
// the client's operation deadline (huaweicloud/http/deadline.ts) are both built on it; they differ only in
// what they add: the engine's is sized from the scrape timeout, the client's also answers "would waiting X ms
// pass it?" from an injected clock, so retry and limiter decisions are exact in tests.

export interface TimerDeadline {
  /** Aborts when the timer runs out (reason: `reason`) or `parent` aborts (its reason). */
  readonly signal: AbortSignal;
  /** The timer's own signal: aborted only by the timer, so a caller can tell the two apart. */
  readonly timer: AbortSignal;
  /** Clears the timer; call it once the guarded work is over. */
  dispose(): void;
}

export function startTimerDeadline(ms: number, reason: () => Error, parent?: AbortSignal): TimerDeadline {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(reason()), ms);
  const signal = parent === undefined ? timer.signal : AbortSignal.any([parent, timer.signal]);
  return { signal, timer: timer.signal, dispose: () => clearTimeout(handle) };
}
