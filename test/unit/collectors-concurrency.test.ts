import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { LruCache, SnapshotCache } from '../../src/collectors/cache.js';
import {
  forEachLimited,
  forEachStreamed,
  WorkLimiter,
  yieldToEventLoop,
} from '../../src/collectors/concurrency.js';
import { SingleFlight } from '../../src/runtime/single-flight.js';

const tick = () => new Promise((r) => setImmediate(r));
const never = new AbortController().signal;

describe('WorkLimiter and forEachLimited', () => {
  it('never has more work in flight than the limit, across callers', async () => {
    const limiter = new WorkLimiter(3);
    let active = 0;
    let peak = 0;
    const work = async () => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
    };
    const items = Array.from({ length: 40 }, (_, i) => i);
    await Promise.all([
      forEachLimited(items, limiter, 10, never, work),
      forEachLimited(items, limiter, 10, never, work),
    ]);
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });

  it('stops at the first failure, aborts the siblings in flight and rethrows that failure', async () => {
    const limiter = new WorkLimiter(4);
    const started: number[] = [];
    const siblingsAborted: boolean[] = [];
    // Item 2 fails only once all four workers hold an item: which worker reaches its item first depends on
    // the shared turn budget (yieldToEventLoop), so without this latch the failure could come before the
    // siblings started and there would be nothing in flight to abort.
    let allStarted: () => void = () => {};
    const fourInFlight = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    const run = forEachLimited(
      Array.from({ length: 100 }, (_, i) => i),
      limiter,
      4,
      never,
      async (item, signal) => {
        started.push(item);
        if (started.length === 4) allStarted();
        if (item === 2) {
          await fourInFlight;
          throw new Error('item 2 failed');
        }
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        siblingsAborted.push(signal.aborted);
      },
    );
    await expect(run).rejects.toThrow('item 2 failed');
    // Nothing starts after the failure: the four in flight were the first four items.
    expect(started.sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(siblingsAborted).toEqual([true, true, true]);
    expect(limiter.active).toBe(0);
  });

  it('lets a queued waiter leave when its signal aborts', async () => {
    const limiter = new WorkLimiter(1);
    let releaseHold: () => void = () => {};
    const hold = limiter.run(
      () =>
        new Promise<void>((resolve) => {
          releaseHold = resolve;
        }),
      never,
    );
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(queued).rejects.toThrow('gave up');
    expect(limiter.active).toBe(1); // the holder still has its slot; the waiter left without taking one
    releaseHold();
    await hold;
    expect(ran).toBe(false);
    await expect(limiter.run(async () => 'next', never)).resolves.toBe('next');
  });

  it('yields to timers during a long microtask-only loop', async () => {
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    const until = performance.now() + 5000;
    while (!fired && performance.now() < until) {
      await yieldToEventLoop();
    }
    expect(fired).toBe(true);
  });
});

describe('forEachStreamed', () => {
  it('works on items as they are pushed, before the producer is done, within the limiter', async () => {
    const limiter = new WorkLimiter(2);
    let release: () => void = () => {};
    const producerHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done: number[] = [];
    let doneBeforeLastPush = 0;
    let active = 0;
    let peak = 0;
    await forEachStreamed<number>(
      async (push) => {
        for (const i of [1, 2, 3]) push(i);
        await producerHeld;
        doneBeforeLastPush = done.length;
        push(4);
      },
      limiter,
      5,
      never,
      async (item) => {
        active++;
        peak = Math.max(peak, active);
        await tick();
        active--;
        done.push(item);
        if (done.length === 3) release();
      },
    );
    expect(doneBeforeLastPush).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it('a failed item aborts the producer and the other items, and is rethrown', async () => {
    const limiter = new WorkLimiter(4);
    let producerAborted = false;
    const run = forEachStreamed<number>(
      async (push, signal) => {
        push(1);
        push(2);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        producerAborted = signal.aborted;
      },
      limiter,
      4,
      never,
      async (item, signal) => {
        if (item === 2) throw new Error('item 2 failed');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    );
    await expect(run).rejects.toThrow('item 2 failed');
    expect(producerAborted).toBe(true);
    expect(limiter.active).toBe(0);
  });

  it("the producer's failure is rethrown once the items in flight stop", async () => {
    const limiter = new WorkLimiter(4);
    const seen: number[] = [];
    let started: () => void = () => {};
    const itemStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const run = forEachStreamed<number>(
      async (push) => {
        push(1);
        await itemStarted;
        throw new Error('listing failed');
      },
      limiter,
      4,
      never,
      async (item, signal) => {
        seen.push(item);
        started();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    );
    await expect(run).rejects.toThrow('listing failed');
    expect(seen).toEqual([1]);
    expect(limiter.active).toBe(0);
  });

  it('a caller’s abort ends it while every worker waits for items and the producer for the upstream', async () => {
    const controller = new AbortController();
    const limiter = new WorkLimiter(2);
    const run = forEachStreamed<number>(
      async (push, signal) => {
        push(1);
        await new Promise<void>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      },
      limiter,
      4,
      controller.signal,
      async () => {
        controller.abort(new Error('scrape gone'));
      },
    );
    await expect(run).rejects.toThrow('scrape gone');
    expect(limiter.active).toBe(0);
  });

  it('ends with an empty producer', async () => {
    const seen: number[] = [];
    await forEachStreamed<number>(
      async () => {},
      new WorkLimiter(1),
      3,
      never,
      async (i) => {
        seen.push(i);
      },
    );
    expect(seen).toEqual([]);
  });
});

describe('caches', () => {
  it('SnapshotCache: fresh within TTL, usable until max age, then dropped for good', () => {
    const cache = new SnapshotCache<string>(10, 60);
    cache.set('v', 0);
    expect(cache.fresh(9_999)?.value).toBe('v');
    expect(cache.fresh(10_000)).toBeUndefined();
    expect(cache.usable(60_000)?.value).toBe('v');
    expect(cache.usable(60_001)).toBeUndefined();
    expect(cache.usable(0)).toBeUndefined();
  });

  it('LruCache keeps the most recently used entries within its capacity', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('SingleFlight leaves a run behind once it outlived its time limit', async () => {
    // The run's age is read from performance.now(): a fake clock makes "younger than 5 ms" hold however
    // slowly this machine gets to the next line.
    vi.useFakeTimers({ toFake: ['performance'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const flight = new SingleFlight<number>({ abandonAfterMs: 5 });
    let runs = 0;
    let firstSignal: AbortSignal | undefined;
    void flight
      .do((signal) => {
        runs++;
        firstSignal = signal;
        return new Promise<number>(() => {});
      }, never)
      .catch(() => undefined);
    vi.advanceTimersByTime(5);
    expect(flight.joinable).toBe(true); // exactly at the limit: still joined
    vi.advanceTimersByTime(1);
    expect(flight.joinable).toBe(false); // still in flight, but the next caller would not join it
    expect(flight.inFlight).toBe(true);
    await expect(flight.do(() => Promise.resolve(++runs), never)).resolves.toBe(2);
    expect(firstSignal?.aborted).toBe(true);
    expect(flight.joinable).toBe(false); // the new run has settled
  });
});
