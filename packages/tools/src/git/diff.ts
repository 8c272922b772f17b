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

/**
 * A unified diff that removes every old line and adds every new one: linear, and still what `git apply` takes. For a
 * created or deleted file it is exactly what the line diff gives (one hunk, a missing last newline marked); for a
 * rewrite too large for the line diff, the file replaced whole.
 */
function wholeFilePatch(path: string, before: string | null, after: string | null): string {
  const side = (text: string | null, sign: string) => {
    if (!text) return { count: 0, lines: [] as string[] };
    const open = !text.endsWith('\n');
    const lines = (open ? text : text.slice(0, -1)).split('\n').map((line) => sign + line);
    if (open) lines.push('\\ No newline at end of file');
    return { count: lines.length - (open ? 1 : 0), lines };
  };
  const [old, now] = [side(before, '-'), side(after, '+')];
  const header = [
    `--- ${before === null ? '/dev/null' : `a/${path}`}`,
    `+++ ${after === null ? '/dev/null' : `b/${path}`}`,
  ];
  // An empty side starts at 0 with no lines, as the line diff counts it.
  const range = (n: number) => (n === 0 ? '0,0' : `1,${n}`);
  if (old.count === 0 && now.count === 0) return `${header.join('\n')}\n`;
  return [...header, `@@ -${range(old.count)} +${range(now.count)} @@`, ...old.lines, ...now.lines, ''].join('\n');
}

function diffEdit({ path, before, after }: FileEdit): string {
  if (before === after) return '';
  const header = [`diff --git a/${path} b/${path}`];
  if (before === null) header.push('new file mode 100644');
  if (after === null) header.push('deleted file mode 100644');
  // A created or deleted file is every line added or removed: no line diff needed.
  if (before === null || after === null)
    return `${header.join('\n')}\n${hunksOnly(wholeFilePatch(path, before, after))}`;
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
  return `${header.join('\n')}\n${hunksOnly(patch)}`;
}

/** A patch with hunks as it is; an empty file created or removed has none, and git wants the extended header alone. */
function hunksOnly(patch: string): string {
  return patch.includes('\n@@ ') ? patch : '';
}
