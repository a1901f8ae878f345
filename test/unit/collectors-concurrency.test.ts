import { describe, expect, it } from 'vitest';
import { LruCache, SnapshotCache } from '../../src/collectors/cache.js';
import { forEachLimited, WorkLimiter, yieldToEventLoop } from '../../src/collectors/concurrency.js';
import { SingleFlight } from '../../src/collectors/single-flight.js';

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
    const run = forEachLimited(
      Array.from({ length: 100 }, (_, i) => i),
      limiter,
      4,
      never,
      async (item, signal) => {
        started.push(item);
        if (item === 2) throw new Error('item 2 failed');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        siblingsAborted.push(signal.aborted);
      },
    );
    await expect(run).rejects.toThrow('item 2 failed');
    expect(started.length).toBeLessThan(10);
    expect(siblingsAborted).toEqual([true, true, true]);
    expect(limiter.active).toBe(0);
  });

  it('lets a queued waiter leave when its signal aborts', async () => {
    const limiter = new WorkLimiter(1);
    const hold = limiter.run(() => new Promise<void>((r) => setTimeout(r, 20)), never);
    const controller = new AbortController();
    const queued = limiter.run(async () => 'ran', controller.signal);
    controller.abort(new Error('gave up'));
    await expect(queued).rejects.toThrow('gave up');
    await hold;
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
    expect(flight.joinable).toBe(true);
    await new Promise((r) => setTimeout(r, 15));
    expect(flight.joinable).toBe(false); // still in flight, but the next caller would not join it
    expect(flight.inFlight).toBe(true);
    await expect(flight.do(() => Promise.resolve(++runs), never)).resolves.toBe(2);
    expect(firstSignal?.aborted).toBe(true);
    expect(flight.joinable).toBe(false); // the new run has settled
  });
});
