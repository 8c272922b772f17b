import type { Approval, Proposal, Review, RiskAssessment, RiskLevel, Task } from '@triad/core';

/** Each records array grouped by task once: a report of thousands of tasks asks for every task's records. */
const byTask = new WeakMap<readonly { taskId: string }[], Map<string, { taskId: string }[]>>();

function recordsOf<T extends { taskId: string }>(records: readonly T[], taskId: string): readonly T[] {
  let index = byTask.get(records);
  if (!index) {
    index = new Map();
    for (const record of records) {
      const own = index.get(record.taskId);
      if (own) own.push(record);
      else index.set(record.taskId, [record]);
    }
    byTask.set(records, index);
  }
  return (index.get(taskId) ?? []) as T[];
}

/** The records of one kind that belong to one task, at its final revision when there is one, else its latest. */
function latestFor<T extends { taskId: string; revision: number }>(records: readonly T[], task: Task): T | undefined {
  const own = recordsOf(records, task.id);
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
