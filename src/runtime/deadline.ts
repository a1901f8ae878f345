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
  /** Clears the timer and stops following the parent; call it once the guarded work is over. */
  dispose(): void;
}

// A parent (a refresh's or a scrape's signal) outlives thousands of deadlines, one per operation. Each
// deadline used to be AbortSignal.any([parent, timer]): in Node 20 that keeps a WeakRef per child on the parent
// and costs ~10 µs of CPU (mostly GC work) per call. Instead a parent gets one 'abort' listener while it has
// children, which aborts the children still registered. The listener goes with the last child: Node keeps an
// AbortSignal.any or AbortSignal.timeout signal alive for as long as it has abort listeners, so a listener
// left on such a parent would keep it (and its set) for good.
interface Followed {
  children: Set<AbortController>;
  onAbort: () => void;
}
const followedParents = new WeakMap<AbortSignal, Followed>();

function follow(parent: AbortSignal, child: AbortController): () => void {
  let followed = followedParents.get(parent);
  if (followed === undefined) {
    const children = new Set<AbortController>();
    const onAbort = () => {
      followedParents.delete(parent);
      for (const c of children) c.abort(parent.reason);
    };
    followed = { children, onAbort };
    followedParents.set(parent, followed);
    parent.addEventListener('abort', onAbort, { once: true });
  }
  const mine = followed;
  mine.children.add(child);
  return () => {
    if (!mine.children.delete(child) || mine.children.size > 0) return;
    if (followedParents.get(parent) === mine) followedParents.delete(parent);
    parent.removeEventListener('abort', mine.onAbort);
  };
}

export function startTimerDeadline(ms: number, reason: () => Error, parent?: AbortSignal): TimerDeadline {
  const timer = new AbortController();
  if (parent === undefined) {
    const handle = setTimeout(() => timer.abort(reason()), ms);
    return { signal: timer.signal, timer: timer.signal, dispose: () => clearTimeout(handle) };
  }
  const either = new AbortController();
  if (parent.aborted) either.abort(parent.reason);
  const unfollow = parent.aborted ? () => false : follow(parent, either);
  const handle = setTimeout(() => {
    const why = reason();
    timer.abort(why);
    either.abort(why);
  }, ms);
  return {
    signal: either.signal,
    timer: timer.signal,
    dispose: () => {
      clearTimeout(handle);
      unfollow();
    },
  };
}
