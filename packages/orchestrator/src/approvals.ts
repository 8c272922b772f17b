import { TriadError } from '@triad/core';
import { announceDecision } from './approval-announcement';
import { requiredApprovers as approversFor } from './facade/four-eyes';
import { queueApply } from './handlers/decide';
import { continueSession } from './lifecycle';
import type { Runtime } from './runtime';
import { type ApprovalRecord, notPending } from './stores/approval-store';
import { moveTask } from './task-events';

/** A person's decision on a change that waits for one. */
export interface Decision {
  taskId: string;
  approve: boolean;
  /** The person deciding: goes into the `Approved-by` trailer. */
  by: string;
  comment?: string;
}

/** Names the agents and the system act under: none of them may approve a change. */
const NOT_A_PERSON = new Set(['lead', 'co-lead', 'colead', 'cio', 'system', 'tool', 'triad']);

/**
 * A person approves or rejects a change that waits for one. Deciding twice, or too late, changes nothing.
 * With four-eyes on, a critical change is applied only once two different people approved it; one rejection ends it.
 */
export async function decideApproval(rt: Runtime, decision: Decision): Promise<ApprovalRecord> {
  const by = personOf(decision.by);
  const task = await waitingTask(rt, decision.taskId);
  const at = rt.clock().toISOString();
  const approval = decision.approve
    ? await rt.approvals.signOff(
        task.id,
        { by, at, comment: decision.comment },
        await requiredApprovers(rt, task.id, task.sessionId),
      )
    : await rt.approvals.decide(task.id, {
        status: 'rejected',
        decidedAt: at,
        decidedBy: by,
        comment: decision.comment,
      });
  const waiting = approval.status === 'pending';
  const progress = waiting ? ` (${approval.signoffs.length} of 2: waits for a second approver)` : '';
  await rt.events.append(task.sessionId, {
    type: 'approval.decided',
    actor: 'human',
    taskId: task.id,
    message: `${by} ${decision.approve ? 'approved' : 'rejected'} ${task.id}${progress}${decision.comment ? `: ${decision.comment}` : ''}`,
    data: { by, approved: decision.approve, signoffs: approval.signoffs.length, final: !waiting },
  });
  await announceDecision(rt, approval);
  if (waiting) return approval;
  if (decision.approve) {
    const approvedBy = approval.decidedBy ?? by;
    const moved = await moveTask(rt, task, ['awaiting_approval'], 'applying', 'human', {
      reason: `approved by ${approvedBy}`,
      patch: { approvedBy },
    });
    if (moved) await queueApply(rt, moved);
  } else {
    await moveTask(rt, task, ['awaiting_approval'], 'rejected', 'human', {
      reason: `rejected by ${by}${decision.comment ? `: ${decision.comment}` : ''}`,
    });
    await continueSession(rt, task.sessionId);
  }
  return approval;
}

/** A person sends a waiting change back to the Lead: what they ask for is the Lead's review feedback. */
export interface ChangeRequest {
  taskId: string;
  /** The person asking. */
  by: string;
  /** What should change: required, it is all the Lead gets to go on. */
  comment: string;
}

/**
 * A person asks for changes instead of approving or rejecting: the approval is decided as `changes_requested`, the
 * task goes back to draft as its next revision, and the Lead drafts it with the comment as feedback.
 */
export async function requestChanges(rt: Runtime, request: ChangeRequest): Promise<ApprovalRecord> {
  const by = personOf(request.by);
  const comment = request.comment.trim();
  if (!comment) {
    throw new TriadError('say what should change: the comment is what the Lead drafts the change again from', {
      code: 'comment_required',
      domain: 'user',
    });
  }
  const task = await waitingTask(rt, request.taskId);
  const at = rt.clock().toISOString();
  const approval = await rt.approvals.decide(task.id, {
    status: 'changes_requested',
    decidedAt: at,
    decidedBy: by,
    comment,
  });
  await rt.events.append(task.sessionId, {
    type: 'approval.decided',
    actor: 'human',
    taskId: task.id,
    message: `${by} asked for changes to ${task.id}: ${comment}`,
    data: { by, approved: false, changesRequested: true, final: true },
  });
  await announceDecision(rt, approval);
  const moved = await moveTask(rt, task, ['awaiting_approval'], 'changes_requested', 'human', {
    reason: `changes requested by ${by}: ${comment}`,
  });
  if (moved) {
    const next = moved.revision + 1;
    await rt.enqueue({ stage: 'draft', data: { sessionId: task.sessionId, taskId: task.id, revision: next } });
  }
  return approval;
}

function personOf(name: string): string {
  const by = name.trim();
  if (!by || NOT_A_PERSON.has(by.toLowerCase())) {
    throw new TriadError(`"${name}" is not a person: approvals are recorded under a person's name`, {
      code: 'approval_by_agent',
      domain: 'user',
    });
  }
  return by;
}

async function waitingTask(rt: Runtime, taskId: string) {
  const task = await rt.tasks.get(taskId);
  const approval = await rt.approvals.find(taskId);
  if (approval && approval.status !== 'pending' && approval.revision === task.revision) {
    throw notPending(task.id, approval);
  }
  if (task.state !== 'awaiting_approval') {
    throw new TriadError(`task ${task.id} is ${task.state}, not waiting for approval: nothing changed`, {
      code: 'approval_not_pending',
      domain: 'user',
    });
  }
  return task;
}

/** The approvers a task's change needs, by the four-eyes rule (facade/four-eyes.ts). */
export async function requiredApprovers(rt: Runtime, taskId: string, sessionId: string): Promise<number> {
  const [approval, session] = await Promise.all([rt.approvals.find(taskId), rt.sessions.get(sessionId)]);
  return approversFor(session, approval?.level);
}
