import { type FileEdit, type Session, type Task, TRAILERS, TriadError } from '@triad/core';
import type { CommitRequest } from '@triad/tools';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { committedChange } from '../committed-change';
import { continueSession, IN_FLIGHT_STATES, SESSION_END_CONTEXT } from '../lifecycle';
import type { Runtime } from '../runtime';
import type { NewEvent } from '../stores/event-log';
import { readStep } from '../stores/step-read';
import { moveRecorded, moveTask } from '../task-events';
import { applyAsPullRequest } from './apply-pull-request';
import { changeCommit } from './change-commit';
import { required, taskOf } from './context';
import { followLater } from './follow-pull-request';
import { redraft } from './redraft';
import { stageHandler } from './stage-handler';

const LOCK_RETRY_MS = 200;

/**
 * What apply uses besides ending a session's: the approved records, the repository and its write lock, the batch
 * size and where ADRs live, the change's trailers; in pr mode the forge and the poll interval of its first look.
 */
export const APPLY_CONTEXT = [
  ...SESSION_END_CONTEXT,
  'records',
  'repos',
  'repoLock',
  'config',
  'promptVersions',
  'forge',
  'pullRequestPollMs',
] as const;

/**
 * Commits the approved proposal and pushes it, one repository at a time. Never twice: a retried apply first looks
 * for a commit that carries the task's trailer. Runs even when the session is stopping: an approved change that
 * reached this stage is finished, not left half-way.
 */
export const apply = stageHandler(APPLY_CONTEXT, async (rt, job, token) => {
  const { taskId, revision } = taskOf(job);
  // The task and its session in one read (apply runs on while the session is stopping).
  const { task, session } = await readStep(rt, job.data.sessionId, taskId);
  if (task.state !== 'applying' || task.revision !== revision) {
    // A retry after the task was settled: the session may not have been told yet, nor verify (or the redraft) queued.
    if (task.state === 'changes_requested' && task.revision === revision) {
      await rt.enqueue({ stage: 'draft', data: { sessionId: task.sessionId, taskId, revision: revision + 1 } });
    }
    if (task.state === 'verifying' && task.revision === revision) {
      await rt.enqueue({ stage: 'verify', data: { sessionId: task.sessionId, taskId, revision } });
    }
    if (task.state === 'pr_open' && task.revision === revision) await followLater(rt, task, 1);
    await continueSession(rt, task.sessionId);
    return `task is ${task.state}`;
  }
  if (session.mode === 'pr') return applyAsPullRequest(rt, session, task);
  if (session.mode !== 'commit') {
    throw new UnrecoverableError(
      `session ${session.id} is in ${session.mode} mode: it never pushes to ${session.repo.branch}`,
    );
  }
  const holder = job.id ?? taskId;
  // With a cluster, the lock passes to verify (same holder), so no other change lands before Flux has judged this one.
  let handedToVerify = false;
  let result = 'applied';
  /** Whether the batch's last member to settle found other tasks of the session still in flight. */
  let othersInFlight = false;
  if (!(await rt.repoLock.acquire(session.repo.url, holder))) {
    await job.moveToDelayed(Date.now() + LOCK_RETRY_MS, token);
    throw new DelayedError();
  }
  try {
    // Without a cluster nothing verifies each change on its own: the session's other approved tasks land with this
    // one, a commit each, in one push. With a cluster each change lands alone and Flux judges it before the next.
    const batch = session.cluster ? [task] : [task, ...(await othersReady(rt, session, task))];
    const outcomes = await land(rt, session, batch);
    for (const member of batch) {
      othersInFlight = false;
      const outcome = outcomes.get(member.id)!;
      const own = member.id === task.id;
      if ('error' in outcome) {
        const error = outcome.error;
        if (TriadError.is(error, 'stale_edit') && (await redraft(rt, member, session.maxRevisions, error.message))) {
          if (own) result = 'drafting again on the new head';
          continue;
        }
        if (TriadError.is(error) && !error.retryable) {
          await moveTask(rt, member, ['applying'], 'failed', 'tool', { reason: error.message });
          if (own) result = 'failed';
          continue;
        }
        if (own) throw error; // retried by this job; another member keeps its own apply job
        continue;
      }
      const { commit, found, committed } = outcome;
      // The pages of the task and of its approval show what landed when it is not what was approved.
      const landed = { commit, ...(committed ? { committedChange: committed } : {}) };
      const pushed: NewEvent = {
        type: 'commit.pushed',
        actor: 'tool',
        taskId: member.id,
        message: `${member.id}: ${found ? 'found its commit' : 'pushed'} ${commit.slice(0, 8)} to ${session.repo.branch}${
          batch.length > 1 && !found ? ` (one push of ${batch.length} tasks)` : ''
        }${committed ? `, not as approved: ${committed.changes.join('; ')}` : ''}`,
        data: {
          commit,
          retried: found,
          ...(batch.length > 1 ? { batch: batch.length } : {}),
          ...(committed ? { changes: committed.changes } : {}),
        },
      };
      if (session.cluster) {
        await rt.events.append(session.id, pushed);
        const moved = await moveTask(rt, member, ['applying'], 'verifying', 'tool', {
          reason: `pushed ${commit.slice(0, 8)}; waiting for Flux to report it Ready`,
          patch: landed,
        });
        if (moved) {
          await rt.enqueue({
            stage: 'verify',
            data: { sessionId: session.id, taskId: member.id, revision: member.revision },
          });
          handedToVerify = true;
        }
        result = 'verifying';
        continue;
      }
      const skipped: NewEvent = {
        type: 'verify.skipped',
        actor: 'tool',
        taskId: member.id,
        message: `${member.id}: no cluster configured, so Flux's reconciliation of ${commit.slice(0, 8)} is not verified`,
      };
      // The push and the move are one script's lines; the move also says whether the session has tasks in flight.
      const moved = await moveRecorded(rt, member, ['applying'], 'applied', 'tool', {
        reason: 'pushed; not verified: no cluster configured',
        patch: landed,
        events: [rt.events.entry(session.id, pushed), rt.events.entry(session.id, skipped)],
        busyIn: IN_FLIGHT_STATES,
      });
      // Moved first by someone else (the session ended): the push happened all the same, and the timeline says so.
      if (!moved) for (const event of [pushed, skipped]) await rt.events.append(session.id, event);
      othersInFlight = moved?.busy === true;
    }
  } finally {
    if (!handedToVerify) await rt.repoLock.release(session.repo.url, holder);
  }
  // The last task of the batch to land saw others in flight: they tell the session when they settle.
  if (result !== 'verifying' && !othersInFlight) await continueSession(rt, session.id);
  return result;
});

type LandOutcome = { commit: string; found: boolean; committed?: Task['committedChange'] } | { error: unknown };

/** The session's other tasks that wait to land at their current revision, oldest first, up to the batch size. */
async function othersReady(rt: Pick<Runtime, 'config' | 'tasks'>, session: Session, task: Task): Promise<Task[]> {
  if (rt.config.applyBatch <= 1) return [];
  const tasks = await rt.tasks.inStates(session.id, ['applying']);
  return tasks
    .filter((other) => other.id !== task.id && other.state === 'applying')
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
    .slice(0, rt.config.applyBatch - 1);
}

/**
 * Lands each task's approved proposal: a task whose commit the branch already carries (a retry after a crash) is
 * found, not committed again; the rest are committed in turn and pushed together.
 */
async function land(
  rt: Pick<Runtime, 'repos' | 'records' | 'approvals' | 'promptVersions'>,
  session: Session,
  batch: readonly Task[],
): Promise<Map<string, LandOutcome>> {
  const outcomes = new Map<string, LandOutcome>();
  const ids = batch.map((member) => member.id);
  const existing = await rt.repos.run(session.repo, (git) => git.findCommitsByTrailer(TRAILERS.task, ids));
  const pending: Task[] = [];
  for (const member of batch) {
    const commit = existing.get(member.id);
    if (commit) outcomes.set(member.id, { commit, found: true });
    else pending.push(member);
  }
  if (pending.length === 0) return outcomes;
  const prepared = await Promise.all(pending.map((member) => commitRequest(rt, session, member)));
  const requests = prepared.map(({ request }) => request);
  try {
    const results = await rt.repos.run(session.repo, (git) => git.commitAndPushEach(requests, { maxAttempts: 3 }));
    pending.forEach((member, i) => {
      const result = results[i]!;
      const { request, landed } = prepared[i]!;
      const committed = 'sha' in result ? committedChange(request.edits, landed()) : undefined;
      outcomes.set(
        member.id,
        'sha' in result
          ? { commit: result.sha, found: false, ...(committed ? { committed } : {}) }
          : { error: result.error },
      );
    });
  } catch (error) {
    for (const member of pending) outcomes.set(member.id, { error });
  }
  return outcomes;
}

/**
 * The commit of a task's approved proposal, as commit and pr mode build it; `landed()` gives its edits as they were
 * last rebased for a push (the approved ones until then).
 */
async function commitRequest(
  rt: Pick<Runtime, 'records' | 'approvals' | 'promptVersions'>,
  session: Session,
  task: Task,
): Promise<{ request: CommitRequest; landed: () => readonly FileEdit[] }> {
  const proposal = required(await rt.records.proposal(session.id, task.id, task.revision), `proposal ${task.id}`);
  const review = required(await rt.records.review(session.id, task.id, task.revision), `review ${task.id}`);
  const change = await changeCommit(rt, session, task, proposal, review);
  let landed: readonly FileEdit[] = proposal.edits;
  const rebase = (edits: readonly FileEdit[], paths: readonly string[]) => {
    landed = change.rebase ? change.rebase(edits, paths) : edits;
    return [...landed];
  };
  return { request: { ...change, rebase }, landed: () => landed };
}
