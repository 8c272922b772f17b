import type { ModelCallUsage } from '@triad/agents';
import {
  type Actor,
  type EndReason,
  isTerminal,
  jobIds,
  newSessionId,
  PRE_APPLY_STATES,
  Session,
  SessionRequest,
  TASK_STATES,
  type Task,
  type TaskState,
  TriadError,
} from '@triad/core';
import { inspectRepo, resolveForge } from '@triad/tools';
import { assertAgents } from './agents';
import { missingForgeToken } from './forge-ports';
import type { Context } from './handlers/stage-handler';
import { TIMER_JOBS } from './queues';
import type { Runtime } from './runtime';
import { readSettling } from './stores/step-read';
import type { MoveOptions } from './stores/task-store';
import { moveRecorded } from './task-events';

/**
 * What ending a session touches (`finalize`): its record, its tasks and their approvals, the event log, the abort of
 * its model calls here and on the control channel, its timers on the queues, and the report's job. Every handler that
 * may end a session (a task settling, a model call spending the budget) holds at least these.
 */
export const SESSION_END_CONTEXT = [
  'sessions',
  'tasks',
  'approvals',
  'events',
  'aborts',
  'redis',
  'keys',
  'queues',
  'enqueue',
  'clock',
  'logger',
] as const;

/** The runtime members `finalize`, `continueSession` and `recordUsage` use. */
export type SessionEndContext = Context<typeof SESSION_END_CONTEXT>;

/** Creates a session, schedules its deadline and its first observation. Workers anywhere pick it up. */
export async function startSession(
  rt: Pick<Runtime, 'forgeTokens' | 'cluster' | 'agents' | 'clock' | 'fourEyes' | 'sessions' | 'events' | 'enqueue'>,
  input: SessionRequest,
): Promise<Session> {
  const request = SessionRequest.parse(input);
  // pr mode: which forge, and a token for it, are known now or the session does not start.
  const forge = request.mode === 'pr' ? resolveForge(request.repo, request.forge) : undefined;
  if (forge && !rt.forgeTokens[forge.kind]) throw missingForgeToken(forge.kind);
  // A cluster that cannot be read now is refused now, not at the first verify (the error says what to fix).
  if (request.cluster) await rt.cluster(request.cluster).list('Node', { limit: 1 });
  const repo = await inspectRepo(request.repo, request.branch, { pushesToBranch: request.mode === 'commit' });
  assertAgents(rt.agents(request.models)); // refuses a model that is not available now, not in the middle of the session
  const now = rt.clock();
  const session = Session.parse({
    id: newSessionId(now),
    repo: { url: repo.url, branch: request.branch },
    goals: request.goals,
    startedBy: request.startedBy,
    mode: request.mode,
    state: 'running',
    createdAt: now.toISOString(),
    deadline: new Date(now.getTime() + request.durationMs).toISOString(),
    durationMs: request.durationMs,
    budget: request.budget,
    autoApprove: request.autoApprove,
    maxRevisions: request.maxRevisions,
    maxCycles: request.maxCycles,
    approvalTimeoutMs: request.approvalTimeoutMs,
    models: request.models,
    fourEyes: request.fourEyes ?? rt.fourEyes,
    cluster: request.cluster,
    forge,
  });
  await rt.sessions.create(session);
  await rt.events.append(session.id, {
    type: 'session.started',
    actor: 'human',
    message: `${session.mode} session started${by(session.startedBy)} on ${session.repo.url} (${session.repo.branch}) until ${session.deadline}`,
    data: {
      mode: session.mode,
      repo: session.repo,
      deadline: session.deadline,
      budget: session.budget,
      models: session.models,
      by: session.startedBy,
      ...(forge ? { forge } : {}),
    },
  });
  await rt.enqueue({ stage: 'deadline', data: { sessionId: session.id }, delayMs: request.durationMs });
  await rt.enqueue({ stage: 'observe', data: { sessionId: session.id, cycle: 1 } });
  return session;
}

const by = (person: string | undefined) => (person ? ` by ${person}` : '');

/** Ends a session early, the same way its deadline would; `stoppedBy` names the person for the record. */
export async function stopSession(rt: SessionEndContext, sessionId: string, stoppedBy?: string): Promise<Session> {
  const session = await rt.sessions.get(sessionId);
  if (session.state !== 'running') {
    throw new TriadError(`session ${sessionId} is already ${session.state} (${session.endReason ?? 'no reason'})`, {
      code: 'session_not_running',
      domain: 'user',
    });
  }
  await finalize(rt, sessionId, 'stopped', `stopped${by(stoppedBy ?? 'a person')}`, stoppedBy);
  return rt.sessions.get(sessionId);
}

/**
 * Stops planning, aborts in-flight model calls, defers every task that has not reached Git, and queues the report.
 * Exactly one caller wins; the others get false.
 */
export async function finalize(
  rt: SessionEndContext,
  sessionId: string,
  reason: EndReason,
  message?: string,
  stoppedBy?: string,
) {
  const endedAt = rt.clock().toISOString();
  const moved = await rt.sessions.moveState(sessionId, ['running'], 'stopping', {
    endReason: reason,
    endMessage: message,
    endedAt,
    ...(stoppedBy ? { stoppedBy } : {}),
  });
  if (!moved) return false;
  rt.aborts.abort(sessionId, `session ${reason}`);
  await rt.redis.publish(rt.keys.control, JSON.stringify({ type: 'abort', sessionId, reason }));
  await rt.events.append(sessionId, {
    type: 'session.stopping',
    actor: reason === 'stopped' ? 'human' : 'system',
    message: `session stopping: ${reason}${message ? ` (${message})` : ''}`,
    data: { reason, by: stoppedBy },
  });
  await deferOpenTasks(rt, sessionId, deferralReason(reason));
  await removeTimers(rt, sessionId, reason);
  await rt.enqueue({ stage: 'report', data: { sessionId } });
  return true;
}

/**
 * An ended session's delayed jobs go: its deadline (unless the deadline is what is running now), the expiry of each
 * approval it asked for and the next look at each pull request it opened, so nothing of it fires days later.
 */
async function removeTimers(
  rt: Pick<Runtime, 'queues' | 'logger'>,
  sessionId: string,
  reason: EndReason,
): Promise<void> {
  const removals: Promise<unknown>[] = [];
  if (reason !== 'deadline') removals.push(rt.queues.get('report').remove(jobIds.deadline(sessionId)));
  for (const job of await rt.queues.get('decide').getDelayed()) {
    if (job.name === TIMER_JOBS.approvalExpiry && job.data.sessionId === sessionId && job.id) {
      removals.push(rt.queues.get('decide').remove(job.id));
    }
  }
  // pr mode: nobody follows a pull request once its session ended (the report lists it with its link).
  for (const job of await rt.queues.get('verify').getDelayed()) {
    if (job.name === TIMER_JOBS.followPullRequest && job.data.sessionId === sessionId && job.id) {
      removals.push(rt.queues.get('verify').remove(job.id));
    }
  }
  const failed = (await Promise.allSettled(removals)).filter((result) => result.status === 'rejected');
  if (failed.length > 0) rt.logger.warn({ sessionId, failed: failed.length }, 'some timers of an ended session stay');
}

function deferralReason(reason: EndReason): string {
  switch (reason) {
    case 'deadline':
      return 'the session reached its deadline first';
    case 'budget':
      return 'the session spent its budget first';
    case 'stopped':
      return 'the session was stopped first';
    default:
      return `the session ended (${reason}) first`;
  }
}

/** Every task not yet pushed goes to `deferred`; a waiting approval counts as not given. */
export async function deferOpenTasks(
  rt: Pick<Runtime, 'tasks' | 'approvals' | 'events' | 'clock'>,
  sessionId: string,
  reason: string,
): Promise<void> {
  for (const task of await rt.tasks.inStates(sessionId, PRE_APPLY_STATES)) {
    const moved = await rt.tasks.move(task.id, PRE_APPLY_STATES, 'deferred', {
      reason,
      record: (before) =>
        rt.events.entry(sessionId, {
          type: 'task.transition',
          actor: 'system',
          taskId: task.id,
          message: `${task.id} ${before.state} → deferred: ${reason}`,
          data: { from: before.state, to: 'deferred' },
        }),
    });
    if (!moved) continue;
    if (moved.before.state === 'awaiting_approval') {
      await rt.approvals
        .decide(task.id, { status: 'expired', decidedAt: rt.clock().toISOString(), comment: reason })
        .catch(() => {});
    }
  }
}

/** States that wait for a person (an approval, a pull request on the forge): the session goes on without them. */
const WAITING_STATES: readonly TaskState[] = ['awaiting_approval', 'pr_open'];
/** States a worker still moves on from by itself: the session waits for them before it plans again or ends. */
export const IN_FLIGHT_STATES: readonly TaskState[] = TASK_STATES.filter(
  (state) => !isTerminal(state) && !WAITING_STATES.includes(state),
);

/**
 * Called whenever a task settles (an end state or waiting for a person): once nothing is in flight, the session
 * observes and plans again while it has cycles and time left, or ends when there is nothing left to do.
 */
export async function continueSession(rt: SessionEndContext, sessionId: string): Promise<void> {
  // The session and whether anything is in flight: one read, every time a task of a session of thousands settles.
  const { session, anyIn: inFlight } = await readSettling(rt, sessionId, IN_FLIGHT_STATES);
  if (session.state !== 'running' || inFlight) return;
  // Nothing in flight: once a cycle. A session a version without the state index started is indexed, and asked again.
  if ((await rt.tasks.reindex(sessionId)) > 0 && (await rt.tasks.anyIn(sessionId, IN_FLIGHT_STATES))) return;
  const waiting = await rt.tasks.anyIn(sessionId, WAITING_STATES);
  if (session.cycle >= session.maxCycles) {
    if (!waiting) await finalize(rt, sessionId, 'completed', `all ${session.maxCycles} cycles ran`);
    return;
  }
  const next = session.cycle + 1;
  await rt.enqueue({ stage: 'observe', data: { sessionId, cycle: next } });
}

/**
 * Moves a task to where it settles, then tells its session as `continueSession` does; but the move's own script says
 * whether other tasks of the session are still in flight, and then there is nothing to tell: one round trip, not two,
 * each time one of thousands of tasks lands.
 */
export async function settleTask(
  rt: SessionEndContext,
  task: Pick<Task, 'id' | 'sessionId'>,
  from: readonly TaskState[],
  to: TaskState,
  actor: Actor,
  options: MoveOptions = {},
): Promise<Task | undefined> {
  const moved = await moveRecorded(rt, task, from, to, actor, { ...options, busyIn: IN_FLIGHT_STATES });
  if (moved?.busy !== true) await continueSession(rt, task.sessionId);
  return moved?.after;
}

/** Counts a model call against the session's budget; ends the session when the budget is spent. */
export async function recordUsage(rt: SessionEndContext, sessionId: string, usage: ModelCallUsage): Promise<void> {
  const spent = await rt.sessions.addUsage(sessionId, { ...usage, calls: 1 });
  await rt.events.append(sessionId, {
    type: 'model.call',
    actor: usage.role,
    taskId: usage.taskId,
    message: `${usage.role} called ${usage.model}: ${usage.inputTokens} in, ${usage.outputTokens} out, $${usage.usd.toFixed(4)}`,
    data: { ...usage },
  });
  const budget = (await rt.sessions.settings(sessionId))?.budget;
  if (!budget) return;
  const tokens = spent.inputTokens + spent.outputTokens;
  const overTokens = budget.maxTokens !== undefined && tokens >= budget.maxTokens;
  const overUsd = budget.maxUsd !== undefined && spent.usd >= budget.maxUsd;
  if (overTokens || overUsd) {
    const what = overTokens ? `${tokens} of ${budget.maxTokens} tokens` : `$${spent.usd.toFixed(2)}`;
    await finalize(rt, sessionId, 'budget', `spent ${what}`);
  }
}
