import { describe, expect, it } from 'vitest';
import { formatDuration, maxDuration, parseDuration, sessionDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['48h', 172_800_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['500ms', 500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '10', '10x', '-5m', '0s', '5m garbage'])('refuses %j with a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration .*like 30s, 90m, 48h/);
  });
});

describe('parseDuration bounds', () => {
  it('refuses what rounds to nothing, and what is over the maximum, in one line', () => {
    expect(() => parseDuration('0.4ms', { name: '--duration' })).toThrow(
      /^--duration "0.4ms" is too short: use at least 1ms$/,
    );
    expect(() => parseDuration('8d', { maxMs: 7 * 86_400_000, name: '--duration' })).toThrow(
      /^--duration "8d" is longer than the maximum of 7d: use a shorter one$/,
    );
    expect(() => parseDuration('1'.repeat(100))).toThrow(/longer than 64 characters/);
    expect(parseDuration('7d', { maxMs: 7 * 86_400_000 })).toBe(7 * 86_400_000);
  });
});

describe('formatDuration', () => {
  it('prints the two largest units', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(65_000)).toBe('1m05s');
    expect(formatDuration(9_000)).toBe('9s');
  });
});

describe('maxDuration and sessionDuration', () => {
  it('bound sessions by TRIAD_MAX_DURATION, 7 days when unset', () => {
    expect(maxDuration(undefined)).toBe(7 * 86_400_000);
    expect(maxDuration(' ')).toBe(7 * 86_400_000);
    expect(maxDuration('14d')).toBe(14 * 86_400_000);
    expect(() => maxDuration('soon')).toThrow(/^invalid TRIAD_MAX_DURATION "soon"/);
    expect(() => sessionDuration('8d', 'duration', maxDuration(undefined))).toThrow(
      /^duration "8d" is longer than the maximum of 7d: use a shorter one$/,
    );
    expect(() => sessionDuration('10ms', 'duration', maxDuration(undefined))).toThrow(/too short: use at least 1s$/);
  });
});
