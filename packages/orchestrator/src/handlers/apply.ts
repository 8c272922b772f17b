import { type FileEdit, jobIds, type Task, TRAILERS, TriadError } from '@triad/core';
import { renumberAdrEdit } from '@triad/reports';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { committedChange } from '../committed-change';
import { continueSession } from '../lifecycle';
import type { Runtime } from '../runtime';
import { moveTask } from '../task-events';
import { type Handler, required, taskOf } from './context';

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
    await continueSession(rt, task.sessionId);
    return `task is ${task.state}`;
  }
  const session = await rt.sessions.get(task.sessionId);
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
    let committed: Task['committedChange'];
    if (!commit) {
      const trailers: Array<[string, string]> = [
        [TRAILERS.session, session.id],
        [TRAILERS.task, taskId],
        [TRAILERS.risk, task.risk ?? 'unknown'],
        [TRAILERS.reviewedBy, `Triad Co-Lead (${review.reviewer})`],
      ];
      // One trailer per person: four-eyes is two `Approved-by` lines, as `git interpret-trailers` would write them.
      for (const person of await approvers(rt, task)) trailers.push([TRAILERS.approvedBy, person]);
      // Read from the prompt files, so a worker without the session's model keys applies the same trailers.
      const prompts = rt.promptVersions(session.models);
      if (prompts.length > 0) trailers.push([PROMPT_TRAILER, prompts.join(', ')]);
      try {
        // An ADR drafted in parallel with another may need the next free number on the revision it lands on.
        let landed: readonly FileEdit[] = proposal.edits;
        const rebase = (edits: readonly FileEdit[], paths: readonly string[]) => {
          landed = edits.map((edit) => renumberAdrEdit(edit, paths));
          return landed;
        };
        const pushed = await rt.repos.run(session.repo, (git) =>
          git.commitAndPush(
            { edits: proposal.edits, message: proposal.commitMessage, trailers, rebase },
            { maxAttempts: 3 },
          ),
        );
        commit = pushed.sha;
        // The page of the task and of its approval show what landed when it is not what was approved.
        committed = committedChange(proposal.edits, landed);
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
      message: `${taskId}: ${found ? 'found its commit' : 'pushed'} ${commit.slice(0, 8)} to ${session.repo.branch}${committed ? `, not as approved: ${committed.changes.join('; ')}` : ''}`,
      data: { commit, retried: found, ...(committed ? { changes: committed.changes } : {}) },
    });
    if (session.cluster) {
      const moved = await moveTask(rt, task, ['applying'], 'verifying', 'tool', {
        reason: `pushed ${commit.slice(0, 8)}; waiting for Flux to report it Ready`,
        patch: { commit, ...(committed ? { committedChange: committed } : {}) },
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
      patch: { commit, ...(committed ? { committedChange: committed } : {}) },
    });
  } finally {
    if (!handedToVerify) await rt.repoLock.release(session.repo.url, holder);
  }
  await continueSession(rt, session.id);
  return 'applied';
};

/**
 * The branch moved under the change (a person's push, another session) and its edits no longer apply: the Lead
 * drafts it again on the new head, as the next revision, which is reviewed and assessed again. False when the task
 * has used its revisions (it then fails, as any change that cannot be applied).
 */
async function redraft(rt: Runtime, task: Task, maxRevisions: number, why: string): Promise<boolean> {
  if (task.revision >= maxRevisions) return false;
  const moved = await moveTask(rt, task, ['applying'], 'changes_requested', 'tool', {
    reason: `the branch moved before it landed: ${why}`,
  });
  if (moved) {
    const next = task.revision + 1;
    await rt.queues.add('draft', 'draft', jobIds.draft(task.id, next), {
      sessionId: task.sessionId,
      taskId: task.id,
      revision: next,
    });
  }
  return true;
}

/** The system prompt versions of the model-backed roles that made the change (none for built-in roles). */
const PROMPT_TRAILER = 'Triad-Prompt';

/** Who approved the task: each sign-off of its approval, or the name the task carries. */
async function approvers(rt: Runtime, task: Task): Promise<string[]> {
  if (!task.approvedBy) return [];
  const approval = await rt.approvals.find(task.id);
  const signed = approval?.status === 'approved' ? approval.signoffs.map((signoff) => signoff.by) : [];
  return signed.length > 0 ? signed : [task.approvedBy];
}
