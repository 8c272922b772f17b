import type { FileEdit, GuardrailConfig } from '@triad/core';
import { TriadError } from '@triad/core';
import { applyPatch, createPatch } from 'diff';
import type { GitWorkspace, RevertRequest } from '../git/git-workspace';
import { type ChangeCheck, checkChange } from '../validation/check-change';

/** The outcome of `revertChecked`: the revert commit, or why it was not made. */
export type CheckedRevert = { ok: true; sha: string } | { ok: false; check: ChangeCheck };

/**
 * Reverts commit `sha` as a new commit through the same checks as any change: the revert's effect on the current
 * branch (each file the commit touched, its change undone on top of what the file holds now) must pass the guardrails
 * and the validation, since undoing a fix can bring back what they refuse (a plaintext Secret, a privileged pod).
 */
export async function revertChecked(
  git: GitWorkspace,
  sha: string,
  request: RevertRequest,
  config: GuardrailConfig,
): Promise<CheckedRevert> {
  const head = await git.sync();
  const [now, at, parent] = await Promise.all([git.readFiles(head), git.readFiles(sha), git.readFiles(`${sha}^`)]);
  const edits: FileEdit[] = [];
  for (const path of new Set([...at.keys(), ...parent.keys()])) {
    const mine = at.get(path) ?? null;
    const before = parent.get(path) ?? null;
    if (mine === before) continue;
    const current = now.get(path) ?? null;
    edits.push({ path, before: current, after: undo(path, mine, before, current, sha) });
  }
  const check = checkChange(now, edits, config);
  if (!check.ok) return { ok: false, check };
  const { sha: reverted } = await git.revert(sha, request);
  return { ok: true, sha: reverted };
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
