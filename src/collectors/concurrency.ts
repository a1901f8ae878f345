// Bounded parallelism for upstream work and cooperative yielding, so a 10,000-policy estate neither floods
// the API nor freezes the event loop (/-/healthy must still answer during a big refresh).

import { yieldToEventLoop } from '../runtime/event-loop-turns.js';

export { yieldToEventLoop };

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/** A counting semaphore shared by all collectors of an engine; queued waiters leave when their signal aborts. */
export class WorkLimiter {
  readonly #limit: number;
  #active = 0;
  readonly #queue: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`worker limit must be a positive integer: ${limit}`);
    this.#limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  async run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  #acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.#active < this.#limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        this.#active++;
        resolve();
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(grant);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(grant);
    });
  }

  #release(): void {
    this.#active--;
    this.#queue.shift()?.();
  }
}

/**
 * Runs `work` for every item through the shared limiter, at most `limiter`-many at once. The first failure
 * aborts the siblings still running and is rethrown: a collector either completes or fails as a whole.
 */
export async function forEachLimited<T>(
  items: Iterable<T>,
  limiter: WorkLimiter,
  workers: number,
  signal: AbortSignal,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const produceAll = async (push: (item: T) => void) => {
    for (const item of items) push(item);
  };
  await forEachStreamed(produceAll, limiter, workers, signal, work);
}

/**
 * forEachLimited for items that arrive while the work runs: `produce` pushes items and resolves when there are
 * no more, and each item is worked on as soon as a worker is free, instead of after the last one arrived. The
 * first failure, of the producer or of any item, aborts the rest and is rethrown.
 */
export async function forEachStreamed<T>(
  produce: (push: (item: T) => void, signal: AbortSignal) => Promise<void>,
  limiter: WorkLimiter,
  workers: number,
  signal: AbortSignal,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const failFast = new AbortController();
  const combined = AbortSignal.any([signal, failFast.signal]);
  const queue: Array<T | undefined> = [];
  let head = 0;
  let produced = false;
  let failure: { error: unknown } | undefined;
  const idle: Array<() => void> = [];
  const wakeAll = () => {
    for (const wake of idle.splice(0)) wake();
  };
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = { error };
    failFast.abort(error);
  };
  combined.addEventListener('abort', wakeAll, { once: true });

  const next = async (): Promise<{ item: T } | undefined> => {
    for (;;) {
      if (failure !== undefined || combined.aborted) return undefined;
      if (head < queue.length) {
        const item = queue[head] as T;
        queue[head++] = undefined; // the queue holds each item only until a worker takes it
        return { item };
      }
      if (produced) return undefined;
      await new Promise<void>((resolve) => idle.push(resolve));
    }
  };
  const worker = async () => {
    for (let taken = await next(); taken !== undefined; taken = await next()) {
      await yieldToEventLoop();
      if (failure !== undefined || combined.aborted) return;
      const { item } = taken;
      try {
        await limiter.run(() => work(item, combined), combined);
      } catch (error) {
        fail(error);
        return;
      }
    }
  };
  const producer = async () => {
    try {
      await produce((item) => {
        queue.push(item);
        idle.shift()?.();
      }, combined);
    } catch (error) {
      fail(error);
    } finally {
      produced = true;
      wakeAll();
    }
  };
  try {
    await Promise.all([producer(), ...Array.from({ length: Math.max(1, workers) }, worker)]);
  } finally {
    combined.removeEventListener('abort', wakeAll);
  }
  if (failure !== undefined) throw failure.error;
  signal.throwIfAborted();
}
