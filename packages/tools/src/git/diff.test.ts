import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
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

describe('created and deleted files', () => {
  // Last newline or none, CRLF, blank lines, an empty file: what a line diff of the whole file gives, byte for byte.
  const contents = ['a\n', 'a', 'a\nb\n', 'a\nb', '', '\n', '\n\n', 'x\r\ny\r\n', 'x\r\ny', 'k: v\n\n'];
  const lineDiff = (path: string, before: string | null, after: string | null) =>
    createTwoFilesPatch(
      before === null ? '/dev/null' : `a/${path}`,
      after === null ? '/dev/null' : `b/${path}`,
      before ?? '',
      after ?? '',
      undefined,
      undefined,
      { context: 3, headerOptions: FILE_HEADERS_ONLY },
    );

  it.each(contents)('a file created or deleted with %j reads as the line diff of the whole file', (content) => {
    const created = diffEdits([{ path: 'p.yaml', before: null, after: content }]);
    const deleted = diffEdits([{ path: 'p.yaml', before: content, after: null }]);
    const hunks = (patch: string) => (patch.includes('\n@@ ') ? patch : '');
    expect(created).toBe(
      `diff --git a/p.yaml b/p.yaml\nnew file mode 100644\n${hunks(lineDiff('p.yaml', null, content))}`,
    );
    expect(deleted).toBe(
      `diff --git a/p.yaml b/p.yaml\ndeleted file mode 100644\n${hunks(lineDiff('p.yaml', content, null))}`,
    );
  });

  it('marks a missing last newline of a huge rewrite, so git apply keeps the file as it is', () => {
    const diff = diffEdits([{ ...rewrite(3000), after: lines(3000, 'new') }]);
    expect(diff.endsWith('+k2999: new2999\n\\ No newline at end of file\n')).toBe(true);
    expect(diff).toContain('@@ -1,3000 +1,3000 @@');
  });
});
