import { GuardrailConfig } from '@triad/core';
import { diffLines } from 'diff';
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

describe('changedLines', () => {
  it('counts a created or deleted file as the line diff does, without running it', () => {
    const byDiff = (text: string) =>
      diffLines('', text)
        .filter((part) => part.added)
        .reduce((sum, part) => sum + (part.count ?? 0), 0);
    for (const text of ['a: 1\nb: 2\n', 'a: 1\nb: 2', '\n', 'a\n\n\nb\n', 'x', '']) {
      expect(changedLines({ path: 'n.yaml', before: null, after: text }), JSON.stringify(text)).toBe(byDiff(text));
      expect(changedLines({ path: 'n.yaml', before: text, after: null }), JSON.stringify(text)).toBe(byDiff(text));
    }
    expect(changedLines({ path: 'n.yaml', before: null, after: lines(500, 'x') }, 400)).toBeUndefined();
  });
});
