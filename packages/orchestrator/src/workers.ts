import type { Stage } from '@triad/core';
import { canTransition, isTerminal, TriadError } from '@triad/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { isOutcome } from './handlers/context';
import { contextView, type StageHandler } from './handlers/stage-handler';
import { withJobTimeout } from './job-timeout';
import { continueSession, finalize } from './lifecycle';
import { defaultStageTimeouts, MUST_FINISH, PIPELINE, ROLE_OF_STAGE, STAGES, timerOn } from './pipeline';
import type { StageJobData } from './queues';
import type { Runtime } from './runtime';
import { moveTask } from './task-events';
import { handOn, missingKey, StepAside } from './worker-keys';

/**
 * The handler each stage's worker runs for the stage's own jobs (a timer's jobs on its queue go to the timer's handler,
 * see pipeline.ts). From the pipeline table; a benchmark may swap one (a no-op apply).
 */
export const HANDLERS: Partial<Record<Stage, StageHandler>> = Object.fromEntries(
  STAGES.map((stage) => [stage, PIPELINE[stage].handler]),
);

export interface WorkerOptions {
  /** Jobs each stage runs at once in this process. */
  concurrency?: number;
  /** How long a job's lock lives without renewal: a crashed worker's job is taken over after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long one attempt of a stage's job may run (ms); see `defaultStageTimeouts`. */
  stageTimeoutsMs?: Partial<Record<Stage, number>>;
  /**
   * Runs the runtime's warm-up before any job is taken: a long-lived worker then serves its first observation as fast
   * as its later ones (the analyzers' first run in a new process costs 150–200 ms, their next 5–10 ms). Off by
   * default: a process that starts workers for one session at once gains nothing from it.
   */
  warmUp?: boolean;
}

export interface WorkerPool {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * One BullMQ worker per stage, all in this process. Workers hold no state of their own: any number of them, on any
 * machine that reaches Redis, share the work.
 */
export async function startWorkers(rt: Runtime, options: WorkerOptions = {}): Promise<WorkerPool> {
  const workers: Worker[] = [];
  const byStage = new Map<Stage, Worker>();
  const stepAside = new StepAside();
  const timeouts = { ...defaultStageTimeouts(rt.verifyWindowMs), ...options.stageTimeoutsMs };
  if (options.warmUp) rt.warmUp();
  for (const [stage, handler] of Object.entries(HANDLERS) as Array<[Stage, StageHandler]>) {
    // A role's call limit also caps its stage jobs (BullMQ's limiter, across every worker): each job makes at least
    // one call, so jobs over the limit wait in the queue instead of holding a worker while their model waits.
    const role = ROLE_OF_STAGE[stage];
    const limit = role ? rt.callLimits[role] : undefined;
    const worker = new Worker<StageJobData>(
      stage,
      (job, token) =>
        runJob(rt, stage, handler, job, token, timeouts[stage], (ms) => {
          const self = byStage.get(stage);
          if (self) stepAside.pause(self, ms);
        }),
      {
        connection: rt.connect(),
        prefix: rt.config.prefix,
        concurrency: options.concurrency ?? rt.config.concurrency,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? options.lockDurationMs ?? 30_000,
        maxStalledCount: 3,
        autorun: true,
        ...(limit ? { limiter: { max: limit.max, duration: limit.windowMs } } : {}),
      },
    );
    // While Redis is away BullMQ reports each failed fetch here: one line every few seconds, not a stack each time.
    worker.on('error', (error) => {
      if (!rt.redisOutage.failed(error)) rt.logger.error({ err: error, stage }, 'worker error');
    });
    workers.push(worker);
    byStage.set(stage, worker);
  }
  const control = rt.connect();
  await control.subscribe(rt.keys.control);
  control.on('message', (_channel, message) => {
    const parsed = JSON.parse(message) as { type?: string; sessionId?: string; reason?: string };
    if (parsed.type === 'abort' && parsed.sessionId) rt.aborts.abort(parsed.sessionId, parsed.reason ?? 'stopped');
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    workers,
    async close() {
      stepAside.clear();
      await Promise.all(workers.map((worker) => worker.close()));
      control.disconnect();
    },
  };
}

async function runJob(
  rt: Runtime,
  stage: Stage,
  handler: StageHandler,
  job: Job<StageJobData>,
  token: string | undefined,
  limitMs: number,
  stepAside: (ms: number) => void,
) {
  // A worker without the key of the role's model never runs (and so never fails) the job: it leaves it to one with it.
  const variable = await missingKey(rt, stage, job);
  if (variable) await handOn(rt, stage, job, token, variable, stepAside);
  try {
    const run = timerOn(stage, job.name) ?? handler;
    // The handler gets its declared context and nothing else: reaching past it fails the job, never silently works.
    const context = contextView(rt, run.context, `${stage} job ${job.id ?? job.name}`);
    const result = await withJobTimeout(stage, job.id ?? stage, limitMs, async (signal) => {
      const outcome = await run.run(context, job, token, signal);
      if (!isOutcome(outcome)) return outcome;
      // Before the job completes: a crash in between retries the job, which enqueues them again (same ids).
      // Those of one queue together: a plan's thousand first drafts are one round trip, not a thousand.
      await rt.enqueueAll(outcome.next);
      return outcome.result;
    });
    rt.logger.info({ stage, job: job.id, result }, `${stage} done`);
    return result;
  } catch (error) {
    if (error instanceof Error && error.name === 'DelayedError') throw error;
    // A deadline, a stop or the budget aborted the work: the session's end has already settled its tasks.
    if (!MUST_FINISH.includes(stage) && (await sessionEnded(rt, job.data.sessionId))) {
      rt.logger.info({ stage, job: job.id }, `${stage} cut short: the session is ending`);
      return 'session ending';
    }
    const last = !isRetryable(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    rt.logger.warn({ stage, job: job.id, err: error, last }, `${stage} failed`);
    if (!last) throw error;
    await giveUp(rt, stage, job, error);
    throw new UnrecoverableError((error as Error).message);
  }
}

async function sessionEnded(rt: Runtime, sessionId: string): Promise<boolean> {
  const session = await rt.sessions.find(sessionId);
  return session !== undefined && session.state !== 'running';
}

function isRetryable(error: unknown): boolean {
  if (error instanceof UnrecoverableError) return false;
  if (error instanceof TriadError) return error.retryable;
  return true;
}

/** A job that no retry can finish leaves its task (or its session) in a named end state, never in limbo. */
async function giveUp(rt: Runtime, stage: Stage, job: Job<StageJobData>, error: unknown) {
  const message = (error as Error).message ?? String(error);
  const { sessionId, taskId } = job.data;
  await rt.events.append(sessionId, {
    type: 'error',
    actor: 'system',
    taskId,
    message: `${stage} gave up: ${message}`,
    data: { stage, job: job.id, attempts: job.attemptsMade + 1 },
  });
  if (taskId) {
    const task = await rt.tasks.find(taskId);
    if (task && !isTerminal(task.state) && task.state !== 'awaiting_approval') {
      const to = canTransition(task.state, 'failed') ? 'failed' : 'deferred';
      await moveTask(rt, task, [task.state], to, 'system', { reason: `${stage} failed: ${message}` });
      await continueSession(rt, sessionId);
    }
  } else if (stage === 'observe' || stage === 'plan') {
    await finalize(rt, sessionId, 'failed', `${stage} failed: ${message}`);
  } else if (stage === 'report') {
    await rt.sessions.moveState(sessionId, ['stopping'], 'ended');
  }
}
