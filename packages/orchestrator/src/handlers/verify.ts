import { formatDuration, jobIds, type Session, type Task, TriadError } from '@triad/core';
import { reconcileTargets, revisionSha } from '@triad/tools';
import { DelayedError } from 'bullmq';
import { continueSession, SESSION_END_CONTEXT } from '../lifecycle';
import type { Runtime } from '../runtime';
import { moveTask } from '../task-events';
import { required, taskOf } from './context';
import { revertChange } from './revert-change';
import { revertByPullRequest } from './revert-pull-request';
import { type Context, stageHandler } from './stage-handler';
import { type FluxOutcome, reconcileAndAwait, refName } from './verify-flux';

const LOCK_RETRY_MS = 200;

/**
 * What verify uses besides ending a session's: the cluster and its verify window, the repository (held under the
 * lock apply handed over) and the proposal, and for a rollback the forge and the guardrails a revert passes.
 */
export const VERIFY_CONTEXT = [
  ...SESSION_END_CONTEXT,
  'cluster',
  'verifyWindowMs',
  'records',
  'repos',
  'repoLock',
  'forge',
  'config',
] as const;

/**
 * After a push: asks Flux to reconcile what the commit touched and waits until it reports the commit Ready
 * (`verified`), or reverts it when Flux fails it or the window passes (`rolled_back`, with Flux's reason). Holds the
 * repository lock it took over from apply, so no other change lands meanwhile. A retry after a crash keeps the window
 * that started when the task began verifying and finds a revert already pushed: never reverts twice.
 */
export const verify = stageHandler(VERIFY_CONTEXT, async (rt, job, token) => {
  const { taskId, revision } = taskOf(job);
  const task = await rt.tasks.get(taskId);
  if (task.state !== 'verifying' || task.revision !== revision) {
    await continueSession(rt, task.sessionId);
    return `task is ${task.state}`;
  }
  const session = await rt.sessions.get(task.sessionId);
  const holder = jobIds.apply(taskId, revision);
  if (!(await rt.repoLock.acquire(session.repo.url, holder))) {
    await job.moveToDelayed(Date.now() + LOCK_RETRY_MS, token);
    throw new DelayedError();
  }
  const keepLock = setInterval(() => void rt.repoLock.acquire(session.repo.url, holder).catch(() => {}), 20_000);
  try {
    return await settle(rt, session, task);
  } finally {
    clearInterval(keepLock);
    await rt.repoLock.release(session.repo.url, holder);
    await continueSession(rt, session.id);
  }
});

async function settle(rt: Context<typeof VERIFY_CONTEXT>, session: Session, task: Task): Promise<string> {
  const commit = required(task.commit, `commit of ${task.id}`);
  const cluster = session.cluster;
  if (!cluster) {
    await moveTask(rt, task, ['verifying'], 'failed', 'tool', {
      reason: 'the session has no cluster to verify against',
    });
    return 'failed';
  }
  const port = rt.cluster(cluster);
  const proposal = required(await rt.records.proposal(session.id, task.id, task.revision), `proposal ${task.id}`);
  const files = await rt.repos.filesAt(session.repo, commit);
  const targets = reconcileTargets(
    files,
    proposal.edits.map((edit) => edit.path),
  );
  const short = commit.slice(0, 8);
  if (targets.kustomizations.length === 0) {
    await pass(rt, task, `${short} changes nothing a Flux Kustomization builds: nothing to reconcile`);
    return 'verified';
  }
  const deadline = Date.parse(task.updatedAt) + rt.verifyWindowMs;
  await rt.events.append(session.id, {
    type: 'reconcile.requested',
    actor: 'tool',
    taskId: task.id,
    message: `${task.id}: asked Flux to reconcile ${targets.kustomizations.map(refName).join(', ')} for ${short}`,
    data: { commit, targets: targets.kustomizations, sources: targets.sources },
  });
  // Someone may push after us while we wait: Flux then builds their commit, which holds ours, and its verdict counts.
  const holds = (revision: string) => rt.repos.holds(session.repo, revision, commit);
  const outcome = await reconcileAndAwait(port, targets, commit, deadline, holds);
  if (outcome.state === 'ready') {
    await pass(
      rt,
      task,
      `Flux reports ${outcome.ready.map(refName).join(', ')} Ready at ${atRevision(outcome.revisions, commit)}`,
    );
    return 'verified';
  }
  if (outcome.state === 'suspended') {
    const reason = `pushed ${short}, but ${refName(outcome.ref)} is suspended: Flux will not apply it until a person resumes it`;
    await moveTask(rt, task, ['verifying'], 'failed', 'tool', { reason });
    return 'failed';
  }
  if (outcome.state === 'failed' && outcome.preexisting) {
    const reason =
      `not verified: ${refName(outcome.ref)} already failed this way before ${short} ` +
      `(${outcome.reason}: ${outcome.message}); the change stays in Git`;
    await fail(rt, task, outcome, reason);
    await moveTask(rt, task, ['verifying'], 'failed', 'tool', { reason });
    return 'failed';
  }
  return rollBack(rt, session, task, commit, outcome, targets);
}

async function rollBack(
  rt: Context<typeof VERIFY_CONTEXT>,
  session: Session,
  task: Task,
  commit: string,
  outcome: Exclude<FluxOutcome, { state: 'ready' } | { state: 'suspended' }>,
  targets: ReturnType<typeof reconcileTargets>,
): Promise<string> {
  const why =
    outcome.state === 'failed'
      ? `${refName(outcome.ref)} reported Ready=False (${outcome.reason})${laterThan(outcome.revision, commit)}: ${outcome.message}`
      : `${outcome.waiting.map(refName).join(', ')} did not report ${commit.slice(0, 8)} Ready within ${formatDuration(rt.verifyWindowMs)}`;
  await fail(rt, task, outcome, why);
  if (session.mode === 'pr') return revertAsPullRequest(rt, session, task, commit, why);
  const revert = await tryRevert(rt, task, why, () => revertChange(rt, session, task, commit, why));
  if (!revert) return 'failed';
  await rt.events.append(session.id, {
    type: 'commit.reverted',
    actor: 'tool',
    taskId: task.id,
    message: `${task.id}: ${revert.pushed ? 'reverted' : 'found the revert of'} ${commit.slice(0, 8)} as ${revert.sha.slice(0, 8)}`,
    data: { commit, revert: revert.sha, rejectedAdrs: revert.rejectedAdrs },
  });
  const after = await reconcileAndAwait(
    rt.cluster(session.cluster!),
    targets,
    revert.sha,
    Date.now() + rt.verifyWindowMs,
    (revision) => rt.repos.holds(session.repo, revision, revert.sha),
  );
  const health =
    after.state === 'ready'
      ? `Flux reports the revert ${revert.sha.slice(0, 8)} Ready`
      : `the revert ${revert.sha.slice(0, 8)} is not Ready either (${after.state === 'failed' ? `${after.reason}: ${after.message}` : after.state})`;
  await moveTask(rt, task, ['verifying'], 'rolled_back', 'tool', {
    reason: `${why}; ${health}`,
    patch: { revertCommit: revert.sha },
  });
  return 'rolled_back';
}

/** pr mode: the revert is a pull request too; the task fails with its link, for a person to merge. */
async function revertAsPullRequest(
  rt: Pick<Runtime, 'tasks' | 'events' | 'repos' | 'forge' | 'config'>,
  session: Session,
  task: Task,
  commit: string,
  why: string,
) {
  const revert = await tryRevert(rt, task, why, () => revertByPullRequest(rt, session, task, commit, why));
  if (!revert) return 'failed';
  await rt.events.append(session.id, {
    type: 'pr.opened',
    actor: 'tool',
    taskId: task.id,
    message: `${task.id}: opened revert pull request #${revert.number} for ${commit.slice(0, 8)}: ${revert.url}`,
    data: { ...revert, reverts: commit },
  });
  await moveTask(rt, task, ['verifying'], 'failed', 'tool', {
    reason: `${why}; revert pull request #${revert.number} waits for a person to merge it: ${revert.url}`,
    patch: { revertPullRequest: revert },
  });
  return 'failed';
}

/** `abcd1234`, or `ef567890 (which holds abcd1234)` when Flux applied a later commit. */
function atRevision(revisions: string[], commit: string): string {
  const later = revisions
    .map((revision) => revisionSha(revision))
    .filter((sha): sha is string => sha !== undefined && sha !== commit);
  return later.length === 0
    ? commit.slice(0, 8)
    : `${later.map((sha) => sha.slice(0, 8)).join(', ')} (which holds ${commit.slice(0, 8)})`;
}

/** ` at ef567890, a later commit that holds abcd1234` when the failed revision is not `commit` itself. */
function laterThan(revision: string, commit: string): string {
  const sha = revisionSha(revision);
  return sha && sha !== commit ? ` at ${sha.slice(0, 8)}, a later commit that holds ${commit.slice(0, 8)}` : '';
}

async function pass(rt: Pick<Runtime, 'tasks' | 'events'>, task: Task, reason: string) {
  await rt.events.append(task.sessionId, {
    type: 'verify.passed',
    actor: 'tool',
    taskId: task.id,
    message: `${task.id}: ${reason}`,
  });
  await moveTask(rt, task, ['verifying'], 'verified', 'tool', { reason });
}

async function fail(rt: Pick<Runtime, 'events'>, task: Task, outcome: FluxOutcome, reason: string) {
  await rt.events.append(task.sessionId, {
    type: 'verify.failed',
    actor: 'tool',
    taskId: task.id,
    message: `${task.id}: ${reason}`,
    data:
      outcome.state === 'failed'
        ? { object: outcome.ref, reason: outcome.reason, message: outcome.message }
        : { outcome: outcome.state },
  });
}

/** Makes the revert; one that cannot be made (a refusal, not an outage) fails the task with both reasons. */
async function tryRevert<T>(
  rt: Pick<Runtime, 'tasks' | 'events'>,
  task: Task,
  why: string,
  revert: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await revert();
  } catch (error) {
    if (!TriadError.is(error) || error.retryable) throw error;
    await moveTask(rt, task, ['verifying'], 'failed', 'tool', {
      reason: `${why}; the revert failed: ${error.message}`,
    });
    return undefined;
  }
}
