import { describe, expect, it } from 'vitest';
import { duration, maxDuration, positiveInteger, positiveNumber } from './flags';

describe('flags', () => {
  it('takes numbers strictly', () => {
    expect(positiveInteger('200000', '--max-tokens')).toBe(200_000);
    for (const bad of ['10abc', '1e3', '0x10', '10.5', '0', '-1', '', ' ']) {
      expect(() => positiveInteger(bad, '--max-tokens')).toThrow(/^--max-tokens must be a whole number above 0/);
    }
    expect(positiveNumber('2.50', '--max-usd')).toBe(2.5);
    for (const bad of ['5usd', '1e3', '-1', '0', 'Infinity', 'NaN']) {
      expect(() => positiveNumber(bad, '--max-usd')).toThrow(/^--max-usd must be a number above 0/);
    }
  });

  it('refuses durations under a second or over the maximum, in one line', () => {
    expect(() => duration('0.4ms', '--duration')).toThrow(/^--duration "0.4ms" is too short: use at least 1s$/);
    expect(() => duration('30d', '--duration', { maxMs: maxDuration(undefined) })).toThrow(
      /^--duration "30d" is longer than the maximum of 7d: use a shorter one$/,
    );
    expect(duration('30d', '--duration', { maxMs: maxDuration('30d') })).toBe(30 * 86_400_000);
    expect(() => maxDuration('soon')).toThrow(/^invalid TRIAD_MAX_DURATION "soon"/);
  });
});
