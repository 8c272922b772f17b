import type { FileEdit } from '@triad/core';
import { adrFileName, padAdrNumber } from './adr-file-name';
import { adrNumberOf, nextAdrNumber } from './adr-folder';

/**
 * An ADR drafted against an older revision may carry a number another commit took since (two tasks drafted in
 * parallel). Gives the ADR edit the next free number at `latestPaths`, renaming the file and its `# NNNN.` title;
 * any other edit, or a number still free, is returned as it is.
 */
export function renumberAdrEdit(edit: FileEdit, latestPaths: readonly string[]): FileEdit {
  if (edit.before !== null || edit.after === null) return edit;
  const slash = edit.path.lastIndexOf('/');
  const dir = edit.path.slice(0, Math.max(0, slash));
  const name = edit.path.slice(slash + 1);
  const number = adrNumberOf(name);
  if (number === undefined) return edit;
  const taken = latestPaths.some(
    (path) => path.startsWith(`${dir}/`) && adrNumberOf(path.slice(dir.length + 1)) === number,
  );
  if (!taken) return edit;
  const next = nextAdrNumber([...latestPaths], dir);
  const title = name.replace(/^\d+-/, '').replace(/\.md$/i, '');
  return {
    path: `${dir}/${adrFileName(next, title.replaceAll('-', ' '))}`,
    before: null,
    after: edit.after.replace(/^# \d+\./m, `# ${padAdrNumber(next)}.`),
  };
}

/**
 * For a new ADR file: the ADR at `latestPaths` with the same title (its file name but for the number), which another
 * change landed since this one was drafted (two tasks of a session that apply one decision both draft its record).
 * Undefined for any other edit, or when no such ADR is there.
 */
export function adrRecordedAt(edit: FileEdit, latestPaths: readonly string[]): string | undefined {
  if (edit.before !== null || edit.after === null) return undefined;
  const slash = edit.path.lastIndexOf('/');
  const dir = edit.path.slice(0, Math.max(0, slash));
  const name = edit.path.slice(slash + 1);
  if (adrNumberOf(name) === undefined) return undefined;
  const title = name.replace(/^\d+-/, '');
  return latestPaths.find((path) => {
    if (!path.startsWith(`${dir}/`)) return false;
    const other = path.slice(dir.length + 1);
    return adrNumberOf(other) !== undefined && other.replace(/^\d+-/, '') === title;
  });
}
