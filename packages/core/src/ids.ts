import { randomBytes } from 'node:crypto';

/** Session ids are short, sortable by creation day, and safe in BullMQ job ids and Redis keys: `20261126-a3f9c1`. */
export function newSessionId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `${day}-${randomBytes(3).toString('hex')}`;
}

/** Task ids are derived from the cycle that planned them, so a retried plan creates the same ids: `<session>-c1t2`. */
export function taskId(sessionId: string, cycle: number, index: number): string {
  return `${sessionId}-c${cycle}t${index}`;
}

export type Stage = 'observe' | 'plan' | 'draft' | 'review' | 'assess' | 'decide' | 'apply' | 'verify' | 'report';

/**
 * Deterministic job ids: the same step of the same task at the same revision is one job, however often it is enqueued.
 * BullMQ refuses `:` in custom ids, so the parts are joined with `-`.
 */
export const jobIds = {
  observe: (sessionId: string, cycle: number) => `observe-${sessionId}-c${cycle}`,
  plan: (sessionId: string, cycle: number) => `plan-${sessionId}-c${cycle}`,
  draft: (taskId: string, revision: number) => `draft-${taskId}-r${revision}`,
  review: (taskId: string, revision: number) => `review-${taskId}-r${revision}`,
  assess: (taskId: string, revision: number) => `assess-${taskId}-r${revision}`,
  decide: (taskId: string, revision: number) => `decide-${taskId}-r${revision}`,
  apply: (taskId: string, revision: number) => `apply-${taskId}-r${revision}`,
  verify: (taskId: string, revision: number) => `verify-${taskId}-r${revision}`,
  report: (sessionId: string) => `report-${sessionId}`,
  deadline: (sessionId: string) => `deadline-${sessionId}`,
  /** The `n`th look at a task's pull request (each poll is its own delayed job). */
  followPullRequest: (taskId: string, revision: number, n: number) => `follow-${taskId}-r${revision}-p${n}`,
  approvalExpiry: (taskId: string, revision: number) => `expire-${taskId}-r${revision}`,
} as const;
