import { randomBytes } from 'node:crypto';

/** Session ids are short, sortable by creation, and safe in BullMQ job ids and Redis keys. */
export function newSessionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 12);
  return `s${stamp}${randomBytes(3).toString('hex')}`;
}

export function taskId(sessionId: string, n: number): string {
  return `${sessionId}-t${n}`;
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
} as const;
