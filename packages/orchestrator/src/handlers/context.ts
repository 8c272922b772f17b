import type { AgentContext } from '@triad/agents';
import { type Session, TriadError } from '@triad/core';
import type { Job } from 'bullmq';
import { recordUsage } from '../lifecycle';
import type { StageJobData } from '../queues';
import type { Runtime } from '../runtime';

export type Handler = (rt: Runtime, job: Job<StageJobData>, token?: string) => Promise<unknown>;

/** The session a job belongs to, or undefined when it is no longer running (the job then does nothing). */
export async function runningSession(rt: Runtime, job: Job<StageJobData>): Promise<Session | undefined> {
  const session = await rt.sessions.get(job.data.sessionId);
  return session.state === 'running' ? session : undefined;
}

export function agentContext(rt: Runtime, session: Session): AgentContext {
  return {
    session,
    signal: rt.aborts.signalFor(session),
    onUsage: (usage) => recordUsage(rt, session.id, usage),
  };
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
