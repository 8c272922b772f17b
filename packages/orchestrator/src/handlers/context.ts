import type { AgentContext, ToolCallRecord } from '@triad/agents';
import { type Session, TriadError } from '@triad/core';
import type { Job } from 'bullmq';
import { recordUsage, SESSION_END_CONTEXT, type SessionEndContext } from '../lifecycle';
import type { Step } from '../pipeline';
import type { StageJobData } from '../queues';
import type { Runtime } from '../runtime';
import { readStep, type StepState } from '../stores/step-read';

/** A handler's result and the steps that follow it. */
export interface Outcome {
  result: string;
  next: Step[];
}

export function leadsTo(result: string, next: Step[]): Outcome {
  return { result, next };
}

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'object' && value !== null && 'next' in value && Array.isArray(value.next);
}

/** The session a job belongs to, or undefined when it is no longer running (the job then does nothing). */
export async function runningSession(
  rt: Pick<Runtime, 'sessions'>,
  job: Job<StageJobData>,
): Promise<Session | undefined> {
  const session = await rt.sessions.get(job.data.sessionId);
  return session.state === 'running' ? session : undefined;
}

/** What a task's step reads in one round trip (see `taskStep`). */
export type StepReadContext = Pick<Runtime, 'redis' | 'keys' | 'sessions' | 'tasks' | 'records'>;

/**
 * The job's task, its session when it is still running (undefined otherwise: the job then does nothing), and whether
 * each record in `fields` exists, from one read (see stores/step-read.ts); the records read are kept for the step.
 */
export async function taskStep(
  rt: StepReadContext,
  job: Job<StageJobData>,
  fields: readonly string[] = [],
): Promise<(StepState & { revision: number }) | undefined> {
  const { taskId, revision } = taskOf(job);
  const step = await readStep(rt, job.data.sessionId, taskId, fields);
  return step.session.state === 'running' ? { ...step, revision } : undefined;
}

/**
 * What the stages that call a role's model use for the call: the agents, the abort of the session's calls, the
 * cluster the agent may read, and what a call's usage may end (the budget).
 */
export const AGENT_CALL_CONTEXT = [...SESSION_END_CONTEXT, 'agents', 'cluster'] as const;

/** What an agent call gets: the session, its abort signal, where usage and tool calls go, and its cluster if any. */
export function agentContext(
  rt: SessionEndContext & Pick<Runtime, 'cluster'>,
  session: Session,
  jobSignal?: AbortSignal,
): AgentContext {
  const cluster = session.cluster;
  const sessionSignal = rt.aborts.signalFor(session);
  return {
    session,
    // The session's end, or the job's time limit, whichever comes first.
    signal: jobSignal ? AbortSignal.any([sessionSignal, jobSignal]) : sessionSignal,
    onUsage: (usage) => recordUsage(rt, session.id, usage),
    onToolCall: (record) => recordToolCall(rt, session.id, record),
    // Opened on the first read, so a context that never reads never opens a port. Secrets come as metadata only.
    ...(cluster ? { cluster: { get: (kind, ref) => rt.cluster(cluster).get(kind, ref) } } : {}),
  };
}

/** A `tool.call` event: one line (`s1-c1t2 repo_edit apps/x.yaml: edited apps/x.yaml`), the record as its data. */
async function recordToolCall(rt: Pick<Runtime, 'events'>, sessionId: string, record: ToolCallRecord): Promise<void> {
  const target = typeof record.input.path === 'string' ? ` ${record.input.path}` : '';
  await rt.events.append(sessionId, {
    type: 'tool.call',
    actor: 'lead',
    ...(record.taskId ? { taskId: record.taskId } : {}),
    message: `${record.taskId ?? sessionId} ${record.tool}${target}: ${record.summary}`,
    data: { ...record },
  });
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new TriadError(`${what} is missing`, { code: 'record_missing', domain: 'internal', retryable: true });
  }
  return value;
}

export function taskOf(job: Job<StageJobData>): { taskId: string; revision: number } {
  const { taskId, revision } = job.data;
  if (taskId === undefined || revision === undefined) throw new Error(`job ${job.id} carries no task`);
  return { taskId, revision };
}
