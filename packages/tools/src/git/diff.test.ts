import { describe, expect, it } from 'vitest';
import { diffEdits } from './diff';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `k${i}: ${tag}${i}`).join('\n');
/** Every line changed: the worst case of a line diff, quadratic without a bound. */
const rewrite = (n: number) => ({ path: 'apps/a.yaml', before: `${lines(n, 'old')}\n`, after: `${lines(n, 'new')}\n` });

describe('diffs of huge edits stay bounded', () => {
  it('shows a huge rewrite as the file replaced whole, in git format', () => {
    const diff = diffEdits([rewrite(3000)]);
    expect(diff.split('\n').slice(0, 4)).toEqual([
      'diff --git a/apps/a.yaml b/apps/a.yaml',
      '--- a/apps/a.yaml',
      '+++ b/apps/a.yaml',
      '@@ -1,3000 +1,3000 @@',
    ]);
    expect(diff.split('\n').filter((l) => l.startsWith('+k'))).toHaveLength(3000);
  });
});
