import { type FileEdit, type GuardrailConfig, type RepoFiles, TriadError } from '@triad/core';
import { applyPatch, createPatch } from 'diff';
import { type ChangeCheck, checkChange } from './check-change';

/** The three trees a revert of one commit is judged on; the caller reads them (e.g. `GitWorkspace.readFiles`). */
export interface RevertTrees {
  /** The branch's files now: what the revert is applied on top of. */
  now: RepoFiles;
  /** The files at the commit being reverted. */
  at: RepoFiles;
  /** The files at its (first) parent. */
  parent: RepoFiles;
}

/**
 * The revert of commit `sha` as edits of the current branch: each file the commit touched, its change undone on top
 * of what the file holds now. Throws `revert_conflict` when later commits changed the same lines.
 */
export function revertEdits(sha: string, { now, at, parent }: RevertTrees): FileEdit[] {
  const edits: FileEdit[] = [];
  for (const path of new Set([...at.keys(), ...parent.keys()])) {
    const mine = at.get(path) ?? null;
    const before = parent.get(path) ?? null;
    if (mine === before) continue;
    const current = now.get(path) ?? null;
    edits.push({ path, before: current, after: undo(path, mine, before, current, sha) });
  }
  return edits;
}

/**
 * The guardrails and the validation of reverting commit `sha`, as of any change: undoing a fix can bring back what they
 * refuse (a plaintext Secret, a privileged pod).
 */
export function checkRevert(sha: string, trees: RevertTrees, config: GuardrailConfig): ChangeCheck {
  return checkChange(trees.now, revertEdits(sha, trees), config);
}

/** `current` with the change `before → mine` undone; throws `revert_conflict` when later commits changed the same lines. */
function undo(
  path: string,
  mine: string | null,
  before: string | null,
  current: string | null,
  sha: string,
): string | null {
  if (current === mine) return before;
  const undone = applyPatch(current ?? '', createPatch(path, mine ?? '', before ?? ''));
  if (undone === false) {
    throw new TriadError(`reverting ${sha.slice(0, 12)} conflicts with later changes to ${path}: revert it by hand`, {
      code: 'revert_conflict',
      domain: 'git',
    });
  }
  return undone;
}
