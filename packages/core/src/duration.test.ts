import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

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

describe('formatDuration', () => {
  it('prints the two largest units', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(65_000)).toBe('1m05s');
    expect(formatDuration(9_000)).toBe('9s');
  });
});
