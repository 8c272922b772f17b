import { type PullRequestRecord, type Session, type Task, TriadError } from '@triad/core';
import type { PullRequestStatus } from '@triad/tools';
import { continueSession, SESSION_END_CONTEXT, type SessionEndContext } from '../lifecycle';
import type { Runtime } from '../runtime';
import { moveTask } from '../task-events';
import { changeCommit } from './change-commit';
import { required, taskOf } from './context';
import { stageHandler } from './stage-handler';

/** Queues the `n`th look at the task's pull request, one poll interval from now. */
export async function followLater(
  rt: Pick<Runtime, 'sessions' | 'enqueue' | 'pullRequestPollMs'>,
  task: Task,
  n: number,
): Promise<void> {
  // Not after the session's end, which removed the looks it had queued.
  if ((await rt.sessions.get(task.sessionId)).state !== 'running') return;
  await rt.enqueue({
    stage: 'follow-pull-request',
    data: { sessionId: task.sessionId, taskId: task.id, revision: task.revision, poll: n },
    delayMs: rt.pullRequestPollMs,
  });
}

/**
 * What following a pull request uses besides ending a session's: the forge, the task's records, the repository (to
 * rebase the branch, with the change's trailers), and the poll interval.
 */
export const FOLLOW_PULL_REQUEST_CONTEXT = [
  ...SESSION_END_CONTEXT,
  'forge',
  'records',
  'repos',
  'promptVersions',
  'pullRequestPollMs',
] as const;

/**
 * Looks at a pr-mode task's pull request while the session runs: merged → verify through Flux at the merge commit (as
 * commit mode does after its push), or `applied` without a cluster; closed unmerged → `rejected` with who closed it and
 * their comment; still open → rebased onto a base that moved (only while the branch is Triad's), and looked at again
 * later. Once the session ends, nobody follows it: the report lists it with its link.
 */
export const followPullRequest = stageHandler(FOLLOW_PULL_REQUEST_CONTEXT, async (rt, job) => {
  const { taskId, revision } = taskOf(job);
  const task = await rt.tasks.get(taskId);
  if (task.state !== 'pr_open' || task.revision !== revision || !task.pullRequest) return `task is ${task.state}`;
  const session = await rt.sessions.get(task.sessionId);
  if (session.state !== 'running') return 'session ended: the pull request is left to a person';
  const pr = task.pullRequest;
  let status: PullRequestStatus;
  try {
    status = await rt.forge(session).status(pr.number);
  } catch (error) {
    // The forge is away for a while (5xx, 429, network): look again at the next poll instead of failing the task.
    if (!TriadError.is(error) || !error.retryable) throw error;
    rt.logger.warn({ taskId, err: error }, 'could not read the pull request; looking again later');
    await followLater(rt, task, (job.data.poll ?? 0) + 1);
    return 'forge unavailable';
  }
  if (status.state === 'merged') return merged(rt, session, task, pr, status.mergeCommit);
  if (status.state === 'closed') return closed(rt, task, pr, status);
  // Keeping the branch current is a courtesy: a failure (git away) leaves the request as it is, still followed.
  await keepCurrent(rt, session, task, pr).catch((error: unknown) =>
    rt.logger.warn({ taskId, err: error }, 'could not bring the pull request branch up to date'),
  );
  await followLater(rt, task, (job.data.poll ?? 0) + 1);
  return 'open';
});

async function merged(rt: SessionEndContext, session: Session, task: Task, pr: PullRequestRecord, mergeCommit: string) {
  const short = mergeCommit.slice(0, 8);
  // Said before the task moves, so the timeline reads merge → verify; a retry may say it twice, never skip it.
  await rt.events.append(session.id, {
    type: 'pr.merged',
    actor: 'human',
    taskId: task.id,
    message: `${task.id}: pull request #${pr.number} was merged into ${session.repo.branch} as ${short}`,
    data: { number: pr.number, url: pr.url, mergeCommit },
  });
  if (!session.cluster) {
    await moveTask(rt, task, ['pr_open'], 'applied', 'tool', {
      reason: `merged as ${short} (#${pr.number}); not verified: no cluster configured`,
      patch: { commit: mergeCommit },
    });
    await continueSession(rt, session.id);
    return 'applied';
  }
  const moved = await moveTask(rt, task, ['pr_open'], 'verifying', 'tool', {
    reason: `merged as ${short} (#${pr.number}); waiting for Flux to report it Ready`,
    patch: { commit: mergeCommit },
  });
  if (moved) {
    await rt.enqueue({ stage: 'verify', data: { sessionId: session.id, taskId: task.id, revision: task.revision } });
  }
  return 'verifying';
}

async function closed(
  rt: SessionEndContext,
  task: Task,
  pr: PullRequestRecord,
  status: Extract<PullRequestStatus, { state: 'closed' }>,
) {
  const who = status.closedBy ?? 'a person';
  const reason = `pull request #${pr.number} was closed unmerged by ${who}${status.comment ? `: ${status.comment}` : ''}`;
  await rt.events.append(task.sessionId, {
    type: 'pr.closed',
    actor: 'human',
    taskId: task.id,
    message: `${task.id}: ${reason}`,
    data: { number: pr.number, url: pr.url, closedBy: status.closedBy, comment: status.comment },
  });
  await moveTask(rt, task, ['pr_open'], 'rejected', 'human', { reason });
  await continueSession(rt, task.sessionId);
  return 'rejected';
}

/**
 * When the watched branch moved since the pull request's commit was made, the commit is made again on the new head and
 * pushed, but only while the branch still holds the commit Triad pushed (a person's push is never overwritten). A
 * change that no longer applies on the new head is left for a person (the forge shows the conflict). Each outcome
 * is an event; a base is tried once.
 */
async function keepCurrent(
  rt: Pick<Runtime, 'tasks' | 'events' | 'records' | 'repos' | 'approvals' | 'promptVersions'>,
  session: Session,
  task: Task,
  pr: PullRequestRecord,
): Promise<void> {
  const { revision: head } = await rt.repos.latest(session.repo);
  // Unmoved, or moved by the merge of this very request (the forge says so at the next look).
  if (head === pr.base || (await rt.repos.holds(session.repo, head, pr.head))) return;
  const proposal = required(await rt.records.proposal(session.id, task.id, task.revision), `proposal ${task.id}`);
  const review = required(await rt.records.review(session.id, task.id, task.revision), `review ${task.id}`);
  const change = await changeCommit(rt, session, task, proposal, review);
  const note = (message: string, data: Record<string, unknown>) =>
    rt.events.append(session.id, { type: 'pr.updated', actor: 'tool', taskId: task.id, message, data });
  try {
    const pushed = await rt.repos.run(session.repo, async (git) => {
      // Checked first, so a person's push is seen even when the change would not apply anyway; the lease closes the race.
      const current = await git.branchHead(pr.branch);
      if (current !== pr.head) {
        throw new TriadError(`branch ${pr.branch} is at ${current?.slice(0, 8) ?? 'nothing'}, not Triad's commit`, {
          code: 'branch_moved',
          domain: 'git',
        });
      }
      return git.pushToBranch(pr.branch, change, pr.head);
    });
    await rt.tasks.patch(task.id, { pullRequest: { ...pr, head: pushed.sha, base: pushed.base } });
    await note(
      `${task.id}: ${session.repo.branch} moved to ${pushed.base.slice(0, 8)}; rebased ${pr.branch} onto it as ${pushed.sha.slice(0, 8)}`,
      { outcome: 'rebased', base: pushed.base, head: pushed.sha, previous: pr.head },
    );
  } catch (error) {
    if (!TriadError.is(error) || !['branch_moved', 'stale_edit', 'empty_change'].includes(error.code)) throw error;
    const outcome = error.code === 'branch_moved' ? 'left_to_person' : 'conflict';
    const why =
      outcome === 'conflict'
        ? `the change no longer applies on ${head.slice(0, 8)} (${error.message}); resolve the conflict on the pull request`
        : `someone pushed to ${pr.branch}, so Triad no longer updates it`;
    await rt.tasks.patch(task.id, { pullRequest: { ...pr, base: head } });
    await note(`${task.id}: ${session.repo.branch} moved to ${head.slice(0, 8)}, not rebased: ${why}`, {
      outcome,
      base: head,
      head: pr.head,
    });
  }
}
