import { jobIds, TRAILERS, TriadError } from '@triad/core';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { continueSession } from '../lifecycle';
import { moveTask } from '../task-events';
import { applyAsPullRequest } from './apply-pull-request';
import { changeCommit } from './change-commit';
import { type Handler, required, taskOf } from './context';
import { followLater } from './follow-pull-request';
import { redraft } from './redraft';

const LOCK_RETRY_MS = 200;

/**
 * Commits the approved proposal and pushes it, one repository at a time. Never twice: a retried apply first looks
 * for a commit that carries the task's trailer. Runs even when the session is stopping: an approved change that
 * reached this stage is finished, not left half-way.
 */
export const apply: Handler = async (rt, job, token) => {
  const { taskId, revision } = taskOf(job);
  const task = await rt.tasks.get(taskId);
  if (task.state !== 'applying' || task.revision !== revision) {
    // A retry after the task was settled: the session may not have been told yet, nor verify (or the redraft) queued.
    if (task.state === 'changes_requested' && task.revision === revision) {
      await rt.queues.add('draft', 'draft', jobIds.draft(taskId, revision + 1), {
        sessionId: task.sessionId,
        taskId,
        revision: revision + 1,
      });
    }
    if (task.state === 'verifying' && task.revision === revision) {
      await rt.queues.add('verify', 'verify', jobIds.verify(taskId, revision), {
        sessionId: task.sessionId,
        taskId,
        revision,
      });
    }
    if (task.state === 'pr_open' && task.revision === revision) await followLater(rt, task, 1);
    await continueSession(rt, task.sessionId);
    return `task is ${task.state}`;
  }
  const session = await rt.sessions.get(task.sessionId);
  if (session.mode === 'pr') return applyAsPullRequest(rt, session, task);
  if (session.mode !== 'commit') {
    throw new UnrecoverableError(
      `session ${session.id} is in ${session.mode} mode: it never pushes to ${session.repo.branch}`,
    );
  }
  const holder = job.id ?? taskId;
  // With a cluster, the lock passes to verify (same holder), so no other change lands before Flux has judged this one.
  let handedToVerify = false;
  if (!(await rt.repoLock.acquire(session.repo.url, holder))) {
    await job.moveToDelayed(Date.now() + LOCK_RETRY_MS, token);
    throw new DelayedError();
  }
  try {
    const proposal = required(await rt.records.proposal(session.id, taskId, revision), `proposal ${taskId}`);
    const review = required(await rt.records.review(session.id, taskId, revision), `review ${taskId}`);
    let commit = await rt.repos.run(session.repo, (git) => git.findCommitByTrailer(TRAILERS.task, taskId));
    const found = commit !== undefined;
    if (!commit) {
      const change = await changeCommit(rt, session, task, proposal, review);
      try {
        const pushed = await rt.repos.run(session.repo, (git) => git.commitAndPush(change, { maxAttempts: 3 }));
        commit = pushed.sha;
      } catch (error) {
        if (TriadError.is(error, 'stale_edit') && (await redraft(rt, task, session.maxRevisions, error.message))) {
          return 'drafting again on the new head';
        }
        if (TriadError.is(error) && !error.retryable) {
          await moveTask(rt, task, ['applying'], 'failed', 'tool', { reason: error.message });
          await continueSession(rt, session.id);
          return 'failed';
        }
        throw error;
      }
    }
    await rt.events.append(session.id, {
      type: 'commit.pushed',
      actor: 'tool',
      taskId,
      message: `${taskId}: ${found ? 'found its commit' : 'pushed'} ${commit.slice(0, 8)} to ${session.repo.branch}`,
      data: { commit, retried: found },
    });
    if (session.cluster) {
      const moved = await moveTask(rt, task, ['applying'], 'verifying', 'tool', {
        reason: `pushed ${commit.slice(0, 8)}; waiting for Flux to report it Ready`,
        patch: { commit },
      });
      if (moved) {
        await rt.queues.add('verify', 'verify', jobIds.verify(taskId, revision), {
          sessionId: session.id,
          taskId,
          revision,
        });
        handedToVerify = true;
      }
      return 'verifying';
    }
    await rt.events.append(session.id, {
      type: 'verify.skipped',
      actor: 'tool',
      taskId,
      message: `${taskId}: no cluster configured, so Flux's reconciliation of ${commit.slice(0, 8)} is not verified`,
    });
    await moveTask(rt, task, ['applying'], 'applied', 'tool', {
      reason: 'pushed; not verified: no cluster configured',
      patch: { commit },
    });
  } finally {
    if (!handedToVerify) await rt.repoLock.release(session.repo.url, holder);
  }
  await continueSession(rt, session.id);
  return 'applied';
};
