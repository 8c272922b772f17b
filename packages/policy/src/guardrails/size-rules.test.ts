import { GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { changedLines, checkSize } from './size-rules';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `k${i}: ${tag}${i}`).join('\n');
/** Every line changed: the worst case of a line diff, quadratic without a bound. */
const rewrite = (n: number) => ({ path: 'apps/a.yaml', before: `${lines(n, 'old')}\n`, after: `${lines(n, 'new')}\n` });

describe('size rules stay bounded on huge edits', () => {
  it('gives up counting past the limit, and refuses', () => {
    const started = performance.now();
    expect(changedLines(rewrite(12_600), 400)).toBeUndefined();
    expect(changedLines(rewrite(10), 400)).toBe(20);
    const refusals = checkSize([rewrite(12_600)], GuardrailConfig.parse({}));
    expect(refusals.map((r) => r.message)).toEqual([
      expect.stringMatching(/^The change adds and removes more lines than the limit of \d+: split it/),
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
