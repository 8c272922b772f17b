import type { FileEdit } from '@triad/core';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * One git-style unified diff of `edits` (`diff --git a/… b/…` headers, `/dev/null` for created and removed files),
 * for reviewers and the UI; `git apply` accepts it. Edits that change nothing are left out.
 */
export function diffEdits(edits: readonly FileEdit[]): string {
  return edits.map(diffEdit).join('');
}

function diffEdit({ path, before, after }: FileEdit): string {
  if (before === after) return '';
  const header = [`diff --git a/${path} b/${path}`];
  if (before === null) header.push('new file mode 100644');
  if (after === null) header.push('deleted file mode 100644');
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${path}`,
    after === null ? '/dev/null' : `b/${path}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3, headerOptions: FILE_HEADERS_ONLY },
  );
  // An empty file created or removed has no hunks; git wants the extended header alone then.
  const hasHunks = patch.includes('\n@@ ');
  return `${header.join('\n')}\n${hasHunks ? patch : ''}`;
}
