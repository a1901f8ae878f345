import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTimerDeadline } from '../../src/runtime/deadline.js';

class Late extends Error {}

describe('startTimerDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('aborts with its own reason when the timer runs out, and says it was the timer', () => {
    const d = startTimerDeadline(1_000, () => new Late('late'));
    vi.advanceTimersByTime(999);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(d.signal.reason).toBeInstanceOf(Late);
    expect(d.timer.aborted).toBe(true);
  });

  it("aborts with the parent's reason when the parent aborts first; the timer stays unfired", () => {
    const parent = new AbortController();
    const d = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    parent.abort(new Error('caller gone'));
    expect(d.signal.reason).toEqual(new Error('caller gone'));
    expect(d.timer.aborted).toBe(false);
  });

  it('never fires once disposed', () => {
    const d = startTimerDeadline(1_000, () => new Late('late'));
    d.dispose();
    vi.advanceTimersByTime(10_000);
    expect(d.signal.aborted).toBe(false);
  });
});

describe('startTimerDeadline under one parent', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("is aborted at once by a parent that already aborted, with the parent's reason", () => {
    const parent = new AbortController();
    parent.abort(new Error('gone before'));
    const d = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    expect(d.signal.reason).toEqual(new Error('gone before'));
    expect(d.timer.aborted).toBe(false);
  });

  it('aborts every live child when the parent aborts, and leaves a disposed one alone', () => {
    const parent = new AbortController();
    const live = [1, 2, 3].map(() => startTimerDeadline(1_000, () => new Late('late'), parent.signal));
    const disposed = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    disposed.dispose();
    parent.abort(new Error('caller gone'));
    expect(live.map((d) => d.signal.aborted)).toEqual([true, true, true]);
    expect(disposed.signal.aborted).toBe(false);
  });

  it("a child's own timer aborts only that child, not its siblings or the parent", () => {
    const parent = new AbortController();
    const short = startTimerDeadline(100, () => new Late('late'), parent.signal);
    const long = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    vi.advanceTimersByTime(100);
    expect(short.signal.reason).toBeInstanceOf(Late);
    expect(short.timer.aborted).toBe(true);
    expect(long.signal.aborted).toBe(false);
    expect(parent.signal.aborted).toBe(false);
    parent.abort(new Error('caller gone'));
    expect(long.signal.reason).toEqual(new Error('caller gone'));
    expect(short.signal.reason).toBeInstanceOf(Late);
  });

  it('leaves no listener on the parent once its last deadline is disposed', () => {
    const parent = new AbortController();
    const a = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    const b = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    a.dispose();
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    b.dispose();
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    const c = startTimerDeadline(1_000, () => new Late('late'), parent.signal);
    parent.abort(new Error('caller gone'));
    expect(c.signal.aborted).toBe(true);
  });
});
