import type { Runtime } from './runtime';
import type { ApprovalRecord } from './stores/approval-store';

/**
 * Tells live views (the approvals page of every server) that an approval was decided, on the control channel where
 * requests are announced. A view that misses it is only late: it is a hint, the stores are the truth.
 */
export async function announceDecision(
  rt: Pick<Runtime, 'redis' | 'keys' | 'logger'>,
  approval: Pick<ApprovalRecord, 'taskId' | 'sessionId'>,
): Promise<void> {
  const message = { type: 'approval.decided', taskId: approval.taskId, sessionId: approval.sessionId };
  await rt.redis.publish(rt.keys.control, JSON.stringify(message)).catch((error: unknown) => {
    rt.logger.warn({ err: error, taskId: approval.taskId }, 'could not announce the decision');
  });
}
