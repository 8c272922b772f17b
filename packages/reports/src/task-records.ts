import type { Approval, Proposal, Review, RiskAssessment, RiskLevel, Task } from '@triad/core';

/** The records of one kind that belong to one task, at its final revision when there is one, else its latest. */
function latestFor<T extends { taskId: string; revision: number }>(records: readonly T[], task: Task): T | undefined {
  const own = records.filter((record) => record.taskId === task.id);
  const atFinal = own.filter((record) => record.revision === task.revision);
  const pool = atFinal.length > 0 ? atFinal : own;
  return pool.reduce<T | undefined>(
    (latest, record) => (!latest || record.revision > latest.revision ? record : latest),
    undefined,
  );
}

export function finalProposal(task: Task, proposals: readonly Proposal[]): Proposal | undefined {
  return latestFor(proposals, task);
}

export function finalReview(task: Task, reviews: readonly Review[]): Review | undefined {
  return latestFor(reviews, task);
}

export function finalAssessment(task: Task, assessments: readonly RiskAssessment[]): RiskAssessment | undefined {
  return latestFor(assessments, task);
}

/** The last approval request of a task (a later revision asks again). */
export function finalApproval(task: Task, approvals: readonly Approval[]): Approval | undefined {
  return latestFor(approvals, task);
}

/** The level that gated the task: the task's own record, else its last assessment. */
export function taskRisk(task: Task, assessments: readonly RiskAssessment[]): RiskLevel | undefined {
  return task.risk ?? finalAssessment(task, assessments)?.level;
}
