import { isTerminal, type Session, type Task, TRAILERS } from '@triad/core';
import { redactCredentials } from '@triad/policy';
import { buildReportData, listAdrs, REPORT_EVENT_TYPES, renderSessionReport } from '@triad/reports';
import { DelayedError } from 'bullmq';
import { deferOpenTasks, finalize, SESSION_END_CONTEXT } from '../lifecycle';
import type { Runtime } from '../runtime';
import { observeCluster } from './observe-cluster';
import { stageHandler } from './stage-handler';

const WAIT_FOR_APPLIES_MS = 500;

/** The session's time box ran out: it stops as `stop` would, and its end queues the report. */
export const deadline = stageHandler(SESSION_END_CONTEXT, async (rt, job) => {
  await finalize(rt, job.data.sessionId, 'deadline', 'the time box ran out');
  return 'deadline';
});

/**
 * What report uses besides ending a session's: the records it reports, the repository it commits to (under its lock),
 * a last look at the repository and the cluster through the analyzers, and where reports and ADRs live.
 */
export const REPORT_CONTEXT = [
  ...SESSION_END_CONTEXT,
  'records',
  'repos',
  'repoLock',
  'cluster',
  'analyze',
  'config',
] as const;

/** Writes the report once every change that reached Git has settled, commits it to the repo, and ends the session. */
export const report = stageHandler(REPORT_CONTEXT, async (rt, job, token) => {
  const sessionId = job.data.sessionId;
  const session = await rt.sessions.get(sessionId);
  if (session.state === 'ended') return 'already ended';
  if (session.state === 'running') await finalize(rt, sessionId, 'completed');
  // A plan that raced the stop may have created tasks after the first sweep.
  await deferOpenTasks(rt, sessionId, 'the session ended first');
  const tasks = await rt.tasks.list(sessionId);
  // An open pull request waits for a person, not for this session: the report lists it with its link.
  if (tasks.some((task) => !isTerminal(task.state) && task.state !== 'pr_open')) {
    await job.moveToDelayed(Date.now() + WAIT_FOR_APPLIES_MS, token);
    throw new DelayedError();
  }
  const stopping = await rt.sessions.get(sessionId);
  const holder = job.id ?? `report-${sessionId}`;
  if (!(await rt.repoLock.acquire(stopping.repo.url, holder))) {
    await job.moveToDelayed(Date.now() + WAIT_FOR_APPLIES_MS, token);
    throw new DelayedError();
  }
  const { markdown, data, path, commit, nothingLanded } = await writeReport(rt, stopping, tasks).finally(() =>
    rt.repoLock.release(stopping.repo.url, holder),
  );
  await rt.records.saveReport(sessionId, { markdown, data, path, commit, writtenAt: rt.clock().toISOString() });
  await rt.sessions.patch(sessionId, () => ({ report: { path, commit } }));
  await rt.events.append(sessionId, {
    type: 'report.written',
    actor: 'system',
    message: commit
      ? `report committed as ${commit.slice(0, 8)} at ${path}`
      : stopping.mode !== 'commit'
        ? `${stopping.mode}: report written to ${path} (not committed, not pushed)`
        : nothingLanded
          ? `no change of this session reached Git, so its report is not committed either: written to ${path} in the worker's clone and kept in Redis`
          : `report kept in Redis (not committed)`,
    data: { path, commit },
  });
  await rt.sessions.moveState(sessionId, ['stopping'], 'ended');
  await rt.events.append(sessionId, {
    type: 'session.ended',
    actor: 'system',
    message: `session ended (${stopping.endReason}); report: ${path}`,
    data: { reason: stopping.endReason, report: path, commit },
  });
  return 'reported';
});

/** Builds the report from the session's records and a final observation, and commits it (the caller holds the repo lock). */
async function writeReport(
  rt: Pick<
    Runtime,
    'tasks' | 'events' | 'records' | 'approvals' | 'repos' | 'cluster' | 'analyze' | 'clock' | 'config' | 'logger'
  >,
  session: Session,
  /** The session's tasks, all settled (as the caller just read them). */
  tasks: Task[],
) {
  // The records, and the repository's head fetched meanwhile (a git process runs while the records are parsed).
  const [events, { proposals, reviews, assessments, observations }, latest] = await Promise.all([
    rt.events.readAll(session.id, REPORT_EVENT_TYPES),
    rt.records.everything(session.id),
    rt.repos.latest(session.repo),
  ]);
  // The final observation: the repo at its head and, when the session has one, the cluster as it is now.
  const [approvals, cluster, skipped] = await Promise.all([
    rt.approvals.many(tasks.map((task) => task.id)),
    observeCluster(rt, session),
    rt.repos.skippedAt(session.repo, latest.revision),
  ]);
  const findingsAfter = rt.analyze(
    latest.files,
    cluster?.objects,
    skipped.map((entry) => entry.path),
  );
  // The ADRs as they landed (numbers may have moved at apply): those that link one of this session's tasks.
  const adrs = listAdrs(latest.files, rt.config.adrDir).flatMap((entry) => {
    const text = latest.files.get(entry.path) ?? '';
    const task = tasks.find((t) => new RegExp(`\\b${t.id}\\b`).test(text));
    return task ? [{ number: entry.number, title: entry.title, path: entry.path, taskId: task.id }] : [];
  });
  const data = buildReportData({
    session,
    tasks,
    events,
    proposals,
    reviews,
    assessments,
    approvals,
    findingsBefore: observations[0]?.findings ?? [],
    findingsAfter,
    finalRevision: latest.revision,
    generatedAt: rt.clock().toISOString(),
    adrs,
    reportDir: rt.config.reportDir,
    redact: redactCredentials,
  });
  // The report quotes model text (commit messages, reasons): it passes the same credential check as any file, redacted.
  const markdown = redactCredentials(renderSessionReport(data));
  const path = `${rt.config.reportDir}/${session.createdAt.slice(0, 10)}-${session.id}.md`;
  const reportTask = `${session.id}-report`;
  // A session whose changes never reached Git (nothing to do, everything refused or deferred) adds no commit of its
  // own to the branch either: a report of nothing would be the only change the owner sees.
  const changedGit = tasks.some((task) => task.commit !== undefined);
  if (session.mode !== 'commit' || !changedGit) {
    // A dry run pushes nothing, and a pr-mode session nothing to the watched branch, their reports included: each
    // stays in Redis and in the worker's clone.
    const local = await rt.repos.writeLocal(session.repo, path, markdown).catch((error: unknown) => {
      rt.logger.warn({ err: error, sessionId: session.id }, 'could not write the report to the local clone');
      return undefined;
    });
    return { markdown, data, path: local ?? path, commit: undefined, nothingLanded: session.mode === 'commit' };
  }
  try {
    const commit = await rt.repos.run(session.repo, async (git) => {
      const existing = await git.findCommitByTrailer(TRAILERS.task, reportTask);
      if (existing) return existing;
      // What the file was at the revision the report was built from (the commit checks it still is, after its sync).
      const before = latest.files.get(path) ?? null;
      const pushed = await git.commitAndPush(
        {
          edits: [{ path, before, after: markdown }],
          message: `docs(triad): report of session ${session.id}\n\nThe session ended (${session.endReason ?? 'unknown'}).`,
          trailers: [
            [TRAILERS.session, session.id],
            [TRAILERS.task, reportTask],
          ],
        },
        { maxAttempts: 3 },
      );
      return pushed.sha;
    });
    return { markdown, data, path, commit };
  } catch (error) {
    rt.logger.error({ err: error, sessionId: session.id }, 'could not commit the session report');
    await rt.events.append(session.id, {
      type: 'error',
      actor: 'tool',
      message: `the report could not be committed: ${(error as Error).message}`,
    });
    return { markdown, data, path, commit: undefined };
  }
}
