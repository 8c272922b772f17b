import { describe, expect, it } from 'vitest';
import { readEnv } from '../env';
import { sessionRequest } from './session';

const env = readEnv({ USER: 'test' });

describe('session start flags', () => {
  it.each([
    [{ 'max-tokens': '10abc' }, /^--max-tokens must be a whole number above 0, like 200000, not "10abc"$/],
    [{ 'max-usd': '5usd' }, /^--max-usd must be a number above 0/],
    [{ duration: '0.4ms' }, /^--duration "0.4ms" is too short: use at least 1s$/],
    [{ duration: '30d' }, /^--duration "30d" is longer than the maximum of 7d: use a shorter one$/],
    [{ 'approval-timeout': '1y' }, /^invalid --approval-timeout "1y"/],
  ])('refuses %j in one line', (flags, message) => {
    expect(() => sessionRequest({ repo: '/r', ...flags }, env)).toThrow(message);
  });

  it('takes durations up to TRIAD_MAX_DURATION', () => {
    const long = readEnv({ USER: 'test', TRIAD_MAX_DURATION: '60d' });
    expect(sessionRequest({ repo: '/r', duration: '30d', 'max-tokens': '5000' }, long)).toMatchObject({
      durationMs: 30 * 86_400_000,
      budget: { maxTokens: 5000 },
    });
  });
});
