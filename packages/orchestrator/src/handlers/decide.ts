import { type Approval, compareRisk, type Proposal, type Review, type Session, type Task } from '@triad/core';
import { announceDecision } from '../approval-announcement';
import { continueSession, SESSION_END_CONTEXT, type SessionEndContext } from '../lifecycle';
import type { Runtime } from '../runtime';
import { recordField } from '../stores/record-store';
import { moveTask } from '../task-events';
import { required, taskOf, taskStep } from './context';
import { stageHandler } from './stage-handler';

/** What decide uses besides ending a session's: the review, assessment and proposal, and who to tell of an approval. */
export const DECIDE_CONTEXT = [...SESSION_END_CONTEXT, 'records', 'onApprovalRequested'] as const;

/** Runs when review and assessment are both done: redraft, reject, apply, or ask a person. */
export const decide = stageHandler(DECIDE_CONTEXT, async (rt, job) => {
  const { taskId, revision } = taskOf(job);
  // The review, the assessment and the proposal come with the task in the step's one read, unless this process has them.
  const step = await taskStep(rt, job, [
    recordField.review(taskId, revision),
    recordField.assessment(taskId, revision),
    recordField.proposal(taskId, revision),
  ]);
  if (!step) return 'session not running';
  const { session, task } = step;
  if (task.state !== 'under_review' || task.revision !== revision) return followUp(rt, task, revision);
  const review = required(await rt.records.review(session.id, taskId, revision), `review of ${taskId} r${revision}`);
  const risk = required(await rt.records.assessment(session.id, taskId, revision), `assessment of ${taskId}`);
  const patch = { risk: risk.level };

  const proposal = required(await rt.records.proposal(session.id, taskId, revision), `proposal ${taskId}`);
  // A decision without its record is not done: the Lead drafts again, with an ADR (see adrFeedback).
  const verdict =
    review.verdict === 'approve' && review.adrRequired && !proposal.adr ? 'request_changes' : review.verdict;

  if (verdict === 'reject') {
    await moveTask(rt, task, ['under_review'], 'rejected', 'co-lead', { reason: reasonOf(review.comments), patch });
  } else if (verdict === 'request_changes') {
    if (revision >= session.maxRevisions) {
      const reason = `still not approved after ${revision} revisions: ${reasonOf(adrFeedback(review, proposal))}`;
      await moveTask(rt, task, ['under_review'], 'rejected', 'co-lead', { reason, patch });
    } else {
      const moved = await moveTask(rt, task, ['under_review'], 'changes_requested', 'co-lead', { patch });
      if (moved) {
        const next = revision + 1;
        await rt.enqueue({ stage: 'draft', data: { sessionId: session.id, taskId, revision: next } });
      }
      return 'changes requested';
    }
  } else if (session.mode === 'dry-run') {
    // A dry run asks nobody and pushes nothing: the reviewed, assessed proposal is the result.
    await moveTask(rt, task, ['under_review'], 'proposed', 'cio', {
      reason: `dry run: proposed at ${risk.level} risk, not applied`,
      patch,
    });
  } else if (compareRisk(risk.level, session.autoApprove) <= 0) {
    const moved = await moveTask(rt, task, ['under_review'], 'applying', 'cio', {
      reason: `risk ${risk.level} is within the session's auto-approve level (${session.autoApprove})`,
      patch,
    });
    if (moved) await queueApply(rt, moved);
    return 'applying';
  } else {
    await requestApproval(rt, session, task, risk.level);
    return 'awaiting approval';
  }
  await continueSession(rt, session.id);
  return 'decided';
});

/**
 * A retried decide whose decision was made before a crash: make sure the step after it was queued. Every step
 * here is idempotent (deterministic job ids), so doing it again is harmless.
 */
async function followUp(rt: SessionEndContext, task: Task, revision: number): Promise<string> {
  if (task.revision === revision && task.state === 'applying') await queueApply(rt, task);
  else if (task.revision === revision && task.state === 'changes_requested') {
    const next = revision + 1;
    await rt.enqueue({ stage: 'draft', data: { sessionId: task.sessionId, taskId: task.id, revision: next } });
  } else await continueSession(rt, task.sessionId);
  return `task is ${task.state}`;
}

/** What the Lead must answer in its next draft: the Co-Lead's comments, and the ADR it asked for if it is missing. */
export function adrFeedback(review: Review, proposal: Proposal): string[] {
  if (!review.adrRequired || proposal.adr) return review.comments;
  return [...review.comments, `write an ADR for this decision: ${review.adrReason ?? 'the Co-Lead asked for one'}`];
}

function reasonOf(comments: string[]): string {
  return comments.length > 0 ? comments.join('; ') : 'no reason given';
}

export async function queueApply(rt: Pick<Runtime, 'enqueue'>, task: Task): Promise<void> {
  await rt.enqueue({
    stage: 'apply',
    data: { sessionId: task.sessionId, taskId: task.id, revision: task.revision },
  });
}

async function requestApproval(
  rt: SessionEndContext & Pick<Runtime, 'onApprovalRequested'>,
  session: Session,
  task: Task,
  level: Task['risk'] & string,
) {
  const now = rt.clock();
  const expiresAt = new Date(Math.min(now.getTime() + session.approvalTimeoutMs, Date.parse(session.deadline)));
  const moved = await moveTask(rt, task, ['under_review'], 'awaiting_approval', 'cio', {
    reason: `risk ${level} is above the session's auto-approve level (${session.autoApprove})`,
    patch: { risk: level },
  });
  if (!moved) return;
  const approval: Approval = {
    taskId: task.id,
    sessionId: session.id,
    revision: task.revision,
    level,
    status: 'pending',
    requestedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
  await rt.approvals.request(approval);
  await rt.events.append(session.id, {
    type: 'approval.requested',
    actor: 'cio',
    taskId: task.id,
    message: `${task.id} waits for a person to approve a ${level}-risk change (until ${expiresAt.toISOString()})`,
    data: { level, expiresAt: expiresAt.toISOString() },
  });
  await rt.enqueue({
    stage: 'approval-expiry',
    data: { sessionId: session.id, taskId: task.id, revision: task.revision },
    delayMs: Math.max(0, expiresAt.getTime() - now.getTime()),
  });
  await rt.onApprovalRequested(approval).catch((error: unknown) => {
    rt.logger.warn({ err: error, taskId: task.id }, 'could not announce the approval request');
  });
  await continueSession(rt, session.id);
}

/**
 * An approval nobody gave in time counts as denied: the task is deferred to the next human session. Its context is
 * ending a session's: the approval, the task's move and what may come after it.
 */
export const expireApproval = stageHandler(SESSION_END_CONTEXT, async (rt, job) => {
  const taskId = job.data.taskId ?? '';
  const revision = job.data.revision ?? 0;
  const approval = await rt.approvals.find(taskId);
  if (approval?.status !== 'pending' || approval.revision !== revision) return 'not pending';
  const reason = `nobody approved it before ${approval.expiresAt}`;
  const expired = await rt.approvals.decide(taskId, {
    status: 'expired',
    decidedAt: rt.clock().toISOString(),
    comment: reason,
  });
  await announceDecision(rt, expired);
  const task = await rt.tasks.get(taskId);
  await moveTask(rt, task, ['awaiting_approval'], 'deferred', 'system', { reason });
  await continueSession(rt, task.sessionId);
  return 'expired';
});
