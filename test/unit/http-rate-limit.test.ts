import { describe, expect, it } from 'vitest';
import { Semaphore, TokenBucket } from '../../src/huaweicloud/http/rate-limit.js';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst through, then spaces reservations at 1/rate', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 2, c.now);
    expect([
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
    ]).toEqual([0, 0, 100, 200, 300]);
  });

  it('refills with elapsed time, up to the burst size', () => {
    const c = clock();
    const bucket = new TokenBucket(5, 3, c.now);
    for (let i = 0; i < 3; i++) expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(200);
    c.advance(200); // pays the one reservation back
    expect(bucket.reserve()).toBe(200);
    c.advance(60_000); // long idle: refills to 3, not to 300
    for (let i = 0; i < 3; i++) expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(200);
  });

  it('takes a refunded token back', () => {
    const bucket = new TokenBucket(10, 1, clock().now);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(100);
    bucket.refund();
    expect(bucket.reserve()).toBe(100);
  });

  it('spaces later reservations at a changed rate', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 1, c.now);
    expect(bucket.reserve()).toBe(0);
    bucket.setRate(2);
    expect(bucket.reserve()).toBe(500);
    expect(bucket.reserve()).toBe(1000);
  });

  it('releases nothing during a hold, then one call, then one per interval', () => {
    const c = clock();
    const bucket = new TokenBucket(1, 5, c.now);
    bucket.holdUntil(3_600_000);
    expect(bucket.heldForMs()).toBe(3_600_000);
    // Five tokens were saved up: after the hold only one goes at once, the rest are paced.
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([3_600_000, 3_601_000, 3_602_000]);
    c.advance(3_600_000);
    expect(bucket.heldForMs()).toBe(0);
  });

  it('keeps a hold on an unlimited bucket', () => {
    const c = clock();
    const bucket = new TokenBucket(0, 1, c.now);
    bucket.holdUntil(5_000);
    expect(bucket.reserve()).toBe(5_000);
    c.advance(5_000);
    expect(bucket.reserve()).toBe(0);
  });

  it('treats rate 0 as unlimited', () => {
    const bucket = new TokenBucket(0, 1, clock().now);
    for (let i = 0; i < 100; i++) expect(bucket.reserve()).toBe(0);
  });
});

describe('Semaphore', () => {
  it('admits up to its size and hands released slots on in order', async () => {
    const sem = new Semaphore(2);
    expect(sem.tryAcquire()).toBe(true);
    expect(sem.tryAcquire()).toBe(true);
    expect(sem.tryAcquire()).toBe(false);
    const order: number[] = [];
    const a = sem.acquire().then(() => order.push(1));
    const b = sem.acquire().then(() => order.push(2));
    sem.release();
    await a;
    expect(order).toEqual([1]);
    expect(sem.inUse).toBe(2);
    sem.release();
    await b;
    expect(order).toEqual([1, 2]);
    sem.release();
    sem.release();
    expect(sem.inUse).toBe(0);
    sem.release(); // an extra release never grows the semaphore
    expect(sem.inUse).toBe(0);
    expect([sem.tryAcquire(), sem.tryAcquire(), sem.tryAcquire()]).toEqual([true, true, false]);
  });

  it('drops a waiter whose signal aborts, without losing the slot', async () => {
    const sem = new Semaphore(1);
    expect(sem.tryAcquire()).toBe(true);
    const ac = new AbortController();
    const waiting = sem.acquire(ac.signal);
    ac.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    sem.release();
    expect(sem.inUse).toBe(0);
    expect(sem.tryAcquire()).toBe(true);
  });
});
