import { type FileEdit, TriadError } from '@triad/core';
import { assertRepoPath } from './repo-path';

/** The paths `edits` touch, each checked to stay inside the repository and to be edited once. */
export function editedPaths(edits: readonly FileEdit[]): string[] {
  const paths = edits.map((edit) => assertRepoPath(edit.path));
  const duplicate = paths.find((path, i) => paths.indexOf(path) !== i);
  if (duplicate !== undefined) {
    throw new TriadError(`${duplicate} is edited twice in one change: merge the edits into one`, {
      code: 'duplicate_edit',
      domain: 'git',
    });
  }
  return paths;
}

/** A change that changes nothing at the revision it would land on. */
export function emptyChange(what: string): TriadError {
  return new TriadError(`${what}: nothing to commit, so drop the change or draft it again`, {
    code: 'empty_change',
    domain: 'git',
  });
}
