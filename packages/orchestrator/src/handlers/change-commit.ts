import { type FileEdit, type Proposal, type Review, type Session, type Task, TRAILERS } from '@triad/core';
import { adrRecordedAt, renumberAdrEdit } from '@triad/reports';
import type { CommitRequest } from '@triad/tools';
import type { Runtime } from '../runtime';

/**
 * The commit a task's approved proposal lands as, in commit and pr mode alike: its message and Triad's trailers
 * (session, task, risk, reviewer, each approver, the prompt versions), and ADRs renumbered on the revision they land on
 * (or left out, when a change that landed since recorded the same decision).
 */
export async function changeCommit(
  rt: Pick<Runtime, 'approvals' | 'promptVersions'>,
  session: Session,
  task: Task,
  proposal: Proposal,
  review: Review,
): Promise<CommitRequest> {
  const trailers: Array<[string, string]> = [
    [TRAILERS.session, session.id],
    [TRAILERS.task, task.id],
    [TRAILERS.risk, task.risk ?? 'unknown'],
    [TRAILERS.reviewedBy, `Triad Co-Lead (${review.reviewer})`],
  ];
  // One trailer per person: four-eyes is two `Approved-by` lines, as `git interpret-trailers` would write them.
  for (const person of await approvers(rt, task)) trailers.push([TRAILERS.approvedBy, person]);
  // Read from the prompt files, so a worker without the session's model keys applies the same trailers.
  const prompts = rt.promptVersions(session.models);
  if (prompts.length > 0) trailers.push([PROMPT_TRAILER, prompts.join(', ')]);
  // An ADR drafted in parallel with another may need the next free number on the revision it lands on; one that
  // another task of the decision landed meanwhile is not written twice.
  const rebase = (edits: readonly FileEdit[], paths: readonly string[]) =>
    edits.flatMap((edit) => (adrRecordedAt(edit, paths) ? [] : [renumberAdrEdit(edit, paths)]));
  return { edits: proposal.edits, message: proposal.commitMessage, trailers, rebase };
}

/** The system prompt versions of the model-backed roles that made the change (none for built-in roles). */
const PROMPT_TRAILER = 'Triad-Prompt';

/** Who approved the task: each sign-off of its approval, or the name the task carries. */
async function approvers(rt: Pick<Runtime, 'approvals'>, task: Task): Promise<string[]> {
  if (!task.approvedBy) return [];
  const approval = await rt.approvals.find(task.id);
  const signed = approval?.status === 'approved' ? approval.signoffs.map((signoff) => signoff.by) : [];
  return signed.length > 0 ? signed : [task.approvedBy];
}
