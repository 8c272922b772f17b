import { type Approval, TriadError } from '@triad/core';
import { queueApply } from './handlers/decide';
import { continueSession } from './lifecycle';
import type { Runtime } from './runtime';
import { moveTask } from './task-events';

export interface Decision {
  taskId: string;
  approve: boolean;
  /** The person deciding: goes into the `Approved-by` trailer. */
  by: string;
  comment?: string;
}

/** A person approves or rejects a change that waits for one. Deciding twice, or too late, changes nothing. */
export async function decideApproval(rt: Runtime, decision: Decision): Promise<Approval> {
  const task = await rt.tasks.get(decision.taskId);
  if (task.state !== 'awaiting_approval') {
    throw new TriadError(`task ${task.id} is ${task.state}, not waiting for approval: nothing changed`, {
      code: 'approval_not_pending',
      domain: 'user',
    });
  }
  const approval = await rt.approvals.decide(decision.taskId, {
    status: decision.approve ? 'approved' : 'rejected',
    decidedAt: rt.clock().toISOString(),
    decidedBy: decision.by,
    comment: decision.comment,
  });
  await rt.events.append(task.sessionId, {
    type: 'approval.decided',
    actor: 'human',
    taskId: task.id,
    message: `${decision.by} ${decision.approve ? 'approved' : 'rejected'} ${task.id}${decision.comment ? `: ${decision.comment}` : ''}`,
    data: { by: decision.by, approved: decision.approve },
  });
  if (decision.approve) {
    const moved = await moveTask(rt, task, ['awaiting_approval'], 'applying', 'human', {
      reason: `approved by ${decision.by}`,
      patch: { approvedBy: decision.by },
    });
    if (moved) await queueApply(rt, moved);
  } else {
    await moveTask(rt, task, ['awaiting_approval'], 'rejected', 'human', {
      reason: `rejected by ${decision.by}${decision.comment ? `: ${decision.comment}` : ''}`,
    });
    await continueSession(rt, task.sessionId);
  }
  return approval;
}
