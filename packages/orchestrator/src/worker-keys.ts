import type { Stage } from '@triad/core';
import { TriadError } from '@triad/core';
import { KEY_VARIABLES } from '@triad/llm';
import { DelayedError, type Job, type Worker } from 'bullmq';
import { ROLE_OF_STAGE } from './pipeline';
import type { StageJobData } from './queues';
import type { Runtime } from './runtime';

/** First and longest delay before a job a worker could not run is offered again (ms). */
export const KEY_WAIT_FIRST_MS = 500;
export const KEY_WAIT_MAX_MS = 15_000;

/**
 * The key variable this process lacks for the model of the role that runs `stage` in the job's session, or
 * undefined when it can run the job (a built-in role, or a provider it has the key of).
 */
export async function missingKey(rt: Runtime, stage: Stage, job: Job<StageJobData>): Promise<string | undefined> {
  const role = ROLE_OF_STAGE[stage];
  if (!role) return undefined;
  const settings = await rt.sessions.settings(job.data.sessionId);
  if (!settings || settings.models[role] === 'builtin') return undefined;
  try {
    void rt.agents(settings.models)[role];
    return undefined;
  } catch (error) {
    if (!TriadError.is(error, 'model_key_missing')) throw error;
    const provider = (error.details as { provider?: keyof typeof KEY_VARIABLES } | undefined)?.provider;
    return (provider && KEY_VARIABLES[provider]) ?? 'the provider key';
  }
}

/**
 * Hands the job on to a worker that has `variable`: BullMQ cannot route a job to a worker, so this one puts it back
 * as delayed (a capped backoff, so it does not spin), and the session's timeline says, once, what it waits for.
 */
export async function handOn(
  rt: Runtime,
  stage: Stage,
  job: Job<StageJobData>,
  token: string | undefined,
  variable: string,
  stepAside: (ms: number) => void = () => {},
): Promise<never> {
  const waits = job.data.keyWaits ?? 0;
  const { sessionId, taskId } = job.data;
  const first = await rt.redis.set(rt.keys.keyWait(sessionId, variable), '1', 'EX', 7 * 24 * 3600, 'NX');
  if (first !== null) {
    await rt.events.append(sessionId, {
      type: 'worker.waiting',
      actor: 'system',
      ...(taskId ? { taskId } : {}),
      message: `waiting for a worker with ${variable}: a worker without it left the ${stage} job for one that has it`,
      data: { stage, variable, job: job.id },
    });
  }
  rt.logger.warn({ stage, job: job.id, variable }, `left ${stage} job ${job.id} for a worker with ${variable}`);
  await job.updateData({ ...job.data, keyWaits: waits + 1 });
  const delay = Math.min(KEY_WAIT_FIRST_MS * 2 ** waits, KEY_WAIT_MAX_MS);
  await job.moveToDelayed(Date.now() + delay, token);
  // Out of the race for a while: when the job is offered again, a worker with the key is the one to take it (left in
  // the race, this worker could win it every time and starve the session).
  stepAside(delay + Math.max(STEP_ASIDE_MARGIN_MS, delay));
  throw new DelayedError();
}

/** How much longer than the job's delay a worker that handed it on stays out of its stage's queue, at least (ms). */
export const STEP_ASIDE_MARGIN_MS = 1000;

/**
 * Lets a worker stop taking one stage's jobs for a while and take them again afterwards (BullMQ's local pause:
 * other workers and other stages go on). Overlapping asks extend the pause; `clear` drops the pending resumes.
 */
export class StepAside {
  private readonly until = new Map<Worker, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Pauses `worker` for `ms` (or until a later ask ends), then resumes it. */
  pause(worker: Worker, ms: number): void {
    const until = Math.max(this.until.get(worker) ?? 0, this.now() + ms);
    this.until.set(worker, until);
    if (!worker.isPaused()) void worker.pause(true); // true: never wait for the active job, which is the caller
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.now() < (this.until.get(worker) ?? 0)) return; // a later ask holds it longer
      this.until.delete(worker);
      worker.resume();
    }, until - this.now());
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.until.clear();
  }
}
