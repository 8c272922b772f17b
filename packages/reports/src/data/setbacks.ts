import type { ReviewVerdict, RiskLevel, Task, TaskCategory } from '@triad/core';
import { byKey } from '../order';
import type { ReportInput } from '../report-input';
import { finalApproval, finalReview, taskRisk } from '../task-records';

/** End states of a task that tried and did not land. */
export const SETBACK_STATES = ['failed', 'rolled_back', 'rejected'] as const;
export type SetbackState = (typeof SETBACK_STATES)[number];

export interface Setback {
  taskId: string;
  title: string;
  category: TaskCategory;
  state: SetbackState;
  /** `task.reason`, as the orchestrator recorded it. */
  reason?: string;
  /** Revision the task ended at. */
  revision: number;
  /** Verdict of the Co-Lead's last review, when it did not approve. */
  reviewVerdict?: ReviewVerdict;
  /** Comments of that review. */
  reviewComments: string[];
  /** The person who declined the approval request, when one did. */
  rejectedBy?: string;
  /** What that person wrote. */
  approvalComment?: string;
  /** Full sha of the commit that applied it (rolled back or failed after the push). */
  commit?: string;
  /** Full sha of the commit that reverted it. */
  revertCommit?: string;
  risk?: RiskLevel;
}

function isSetback(task: Task): task is Task & { state: SetbackState } {
  return (SETBACK_STATES as readonly string[]).includes(task.state);
}

function setback(task: Task & { state: SetbackState }, input: ReportInput): Setback {
  const review = finalReview(task, input.reviews);
  const approval = finalApproval(task, input.approvals);
  const declined = approval?.status === 'rejected';
  const risk = taskRisk(task, input.assessments);
  return {
    taskId: task.id,
    title: task.title,
    category: task.category,
    state: task.state,
    // A person's rejection is told by `rejectedBy` and its comment; the task's reason only repeats them.
    ...(task.reason && !declined ? { reason: task.reason } : {}),
    revision: task.revision,
    ...(review && review.verdict !== 'approve' ? { reviewVerdict: review.verdict } : {}),
    reviewComments: review && review.verdict !== 'approve' ? review.comments : [],
    ...(declined && approval.decidedBy ? { rejectedBy: approval.decidedBy } : {}),
    ...(declined && approval.comment ? { approvalComment: approval.comment } : {}),
    ...(task.commit ? { commit: task.commit } : {}),
    ...(task.revertCommit ? { revertCommit: task.revertCommit } : {}),
    ...(risk ? { risk } : {}),
  };
}

/** Tasks that failed, were rolled back or were rejected, with the records that say why; by task id. */
export function buildSetbacks(input: ReportInput): Setback[] {
  return input.tasks
    .filter(isSetback)
    .sort(byKey((task) => task.id))
    .map((task) => setback(task, input));
}
