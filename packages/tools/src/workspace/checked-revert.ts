import type { GuardrailConfig } from '@triad/core';
import { type ChangeCheck, checkRevert } from '@triad/policy';
import type { GitWorkspace, RevertRequest } from '../git/git-workspace';

/** The outcome of `revertChecked`: the revert commit, or why it was not made. */
export type CheckedRevert = { ok: true; sha: string } | { ok: false; check: ChangeCheck };

/**
 * Reverts commit `sha` as a new commit through the same checks as any change: the revert's effect on the current
 * branch (each file the commit touched, its change undone on top of what the file holds now) must pass the guardrails
 * and the validation, since undoing a fix can bring back what they refuse (a plaintext Secret, a privileged pod).
 * The rule is `checkRevert` in @triad/policy; this reads the three trees it judges and makes the commit.
 */
export async function revertChecked(
  git: GitWorkspace,
  sha: string,
  request: RevertRequest,
  config: GuardrailConfig,
): Promise<CheckedRevert> {
  const head = await git.sync();
  const [now, at, parent] = await Promise.all([git.readFiles(head), git.readFiles(sha), git.readFiles(`${sha}^`)]);
  const check = checkRevert(sha, { now, at, parent }, config);
  if (!check.ok) return { ok: false, check };
  const { sha: reverted } = await git.revert(sha, request);
  return { ok: true, sha: reverted };
}
