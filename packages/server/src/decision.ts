import type { Triad } from '@triad/orchestrator';
import { z } from 'zod';

/** What a person decides about a waiting change. */
export const DecisionBody = z.object({
  /** `request_changes` sends the change back to the Lead with the comment as review feedback. */
  decision: z.enum(['approve', 'reject', 'request_changes']),
  /** Why; recorded with the decision. Required to request changes: it is what the Lead drafts again from. */
  comment: z.string().trim().max(2000).optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** Records `by`'s decision on the approval of `taskId` (the orchestrator refuses one that is too late). */
export async function decide(triad: Triad, taskId: string, by: string, body: DecisionBody): Promise<void> {
  const comment = body.comment || undefined;
  if (body.decision === 'request_changes') {
    await triad.approvals.requestChanges({ taskId, by, comment: comment ?? '' });
    return;
  }
  await triad.approvals.decide({ taskId, approve: body.decision === 'approve', by, comment });
}
