import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, setLongTimeout, timerDelay } from './long-timeout';

describe('setLongTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits 30 days instead of firing at once, and can be cleared', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    setLongTimeout(fired, 30 * 86_400_000);
    vi.advanceTimersByTime(MAX_TIMER_MS + 1000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * 86_400_000 - MAX_TIMER_MS);
    expect(fired).toHaveBeenCalledTimes(1);
    const cleared = vi.fn();
    setLongTimeout(cleared, 40 * 86_400_000).clear();
    vi.advanceTimersByTime(40 * 86_400_000);
    expect(cleared).not.toHaveBeenCalled();
  });

  it('clamps plain delays', () => {
    expect(timerDelay(90 * 86_400_000)).toBe(MAX_TIMER_MS);
    expect(timerDelay(-5)).toBe(0);
    expect(timerDelay(Number.NaN)).toBe(0);
    expect(timerDelay(Number.POSITIVE_INFINITY)).toBe(MAX_TIMER_MS);
  });
});
