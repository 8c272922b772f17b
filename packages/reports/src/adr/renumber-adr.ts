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
