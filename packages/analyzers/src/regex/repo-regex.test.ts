import { describe, expect, it } from 'vitest';
import { repoRegex } from './repo-regex';

describe('repoRegex', () => {
  it('matches like a JavaScript regex for the patterns repositories use', () => {
    const re = repoRegex('.*\\.enc\\.ya?ml$');
    expect(re.ok && re.test('apps/db/secret.enc.yaml')).toBe(true);
    expect(re.ok && re.test('apps/db/secret.yaml')).toBe(false);
    const anchored = repoRegex('^(?:web-.*)$');
    expect(anchored.ok && anchored.test('web-1')).toBe(true);
    expect(anchored.ok && anchored.test('api-web-1')).toBe(false);
  });

  it('runs a catastrophic-backtracking pattern in linear time', () => {
    const re = repoRegex('(a+)+$');
    const started = performance.now();
    expect(re.ok && re.test(`${'a'.repeat(4000)}!`)).toBe(false);
    const nested = repoRegex('^(?:(a|aa)+)$');
    expect(nested.ok && nested.test(`${'a'.repeat(4000)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['(', /not a valid RE2/],
    ['(a)\\1', /not a valid RE2/],
    ['(?<=a)b', /not a valid RE2/],
    ['a'.repeat(2000), /longer than 1024/],
  ])('refuses %s with one line, never a throw', (pattern, reason) => {
    const re = repoRegex(pattern);
    expect(re.ok).toBe(false);
    if (!re.ok) {
      expect(re.reason).toMatch(reason);
      expect(re.reason).not.toContain('\n');
    }
  });
});
