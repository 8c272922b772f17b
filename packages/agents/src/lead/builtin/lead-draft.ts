import { analyzeRepo, worthATask } from '@triad/analyzers';
import { fixAndEncrypt } from '@triad/tools';
import type { DraftEdit, DraftInput, DraftResult } from '../../types';

/**
 * Re-checks the task's findings on the files it drafts against, then lets the built-in fixers write the change; a
 * value that leaves a manifest is SOPS-encrypted by the tool layer before the draft is returned.
 */
export async function draftFix(input: DraftInput, now: Date = new Date()): Promise<DraftResult> {
  const wanted = new Set(input.task.findingIds);
  // An archived copy of a planned object has its id: only the deployed one is the task's.
  const present = analyzeRepo(input.files).filter((f) => wanted.has(f.id) && worthATask(f));
  if (present.length === 0) {
    return {
      kind: 'nothing_to_do',
      reason: `none of ${[...wanted].join(', ')} is present at ${input.baseRevision}: fixed meanwhile`,
    };
  }
  if (input.feedback.length > 0) {
    return {
      kind: 'cannot',
      reason: `built-in Lead has no alternative fix; the review asked: ${input.feedback.join(' / ')}`,
    };
  }
  const outcome = await fixAndEncrypt(input.files, present, now);
  if (outcome.kind === 'unfixable') return { kind: 'cannot', reason: outcome.reason };
  // A change that leaves out some of the task's findings is not this task's fix (the Co-Lead would send it back,
  // and a person would read only that a finding is "still reported"): say why the fixer could not, instead.
  if (outcome.unfixed?.length) return { kind: 'cannot', reason: outcome.unfixed.join('; ') };
  const removed = (outcome.removed ?? []).map((path): [string, string | null] => [path, null]);
  const edits: DraftEdit[] = [...outcome.files, ...removed]
    .filter(([path, after]) => input.files.get(path) !== after)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, after]) => ({ path, after }));
  if (edits.length === 0) return { kind: 'cannot', reason: 'the built-in fix changes no file' };
  return {
    kind: 'proposal',
    edits,
    commitMessage: outcome.commitMessage,
    ...(outcome.adr ? { adr: outcome.adr } : {}),
    addresses: outcome.fixed,
    ...(outcome.humanSteps ? { humanSteps: outcome.humanSteps } : {}),
    ...(outcome.followUps ? { followUps: outcome.followUps } : {}),
  };
}
