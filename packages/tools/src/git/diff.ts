import type { FileEdit } from '@triad/core';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * One git-style unified diff of `edits` (`diff --git a/… b/…` headers, `/dev/null` for created and removed files),
 * for reviewers and the UI; `git apply` accepts it. Edits that change nothing are left out.
 */
export function diffEdits(edits: readonly FileEdit[]): string {
  return edits.map(diffEdit).join('');
}

/** Past this many changed lines the line diff (quadratic) gives up and the file is shown replaced whole. */
const MAX_EDIT_LENGTH = 2000;

/** A unified diff that removes every old line and adds every new one: linear, and still what `git apply` takes. */
function wholeFilePatch(path: string, before: string | null, after: string | null): string {
  const lines = (text: string | null) => (text ? text.replace(/\n$/, '').split('\n') : []);
  const [old, now] = [lines(before), lines(after)];
  const range = (n: number) => (n === 0 ? '0,0' : `1,${n}`);
  return [
    `--- ${before === null ? '/dev/null' : `a/${path}`}`,
    `+++ ${after === null ? '/dev/null' : `b/${path}`}`,
    `@@ -${range(old.length)} +${range(now.length)} @@`,
    ...old.map((line) => `-${line}`),
    ...now.map((line) => `+${line}`),
    '',
  ].join('\n');
}

function diffEdit({ path, before, after }: FileEdit): string {
  if (before === after) return '';
  const header = [`diff --git a/${path} b/${path}`];
  if (before === null) header.push('new file mode 100644');
  if (after === null) header.push('deleted file mode 100644');
  const patch =
    createTwoFilesPatch(
      before === null ? '/dev/null' : `a/${path}`,
      after === null ? '/dev/null' : `b/${path}`,
      before ?? '',
      after ?? '',
      undefined,
      undefined,
      { context: 3, headerOptions: FILE_HEADERS_ONLY, maxEditLength: MAX_EDIT_LENGTH },
    ) ?? wholeFilePatch(path, before, after);
  // An empty file created or removed has no hunks; git wants the extended header alone then.
  const hasHunks = patch.includes('\n@@ ');
  return `${header.join('\n')}\n${hasHunks ? patch : ''}`;
}
