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
