import type { Stage } from '@triad/core';
import { type JobsOptions, Queue } from 'bullmq';
import type { RedisClient } from './redis';

/**
 * The job names of the timers, each on a stage's queue beside that stage's own jobs (see pipeline.ts): the deadline
 * on report's, an approval's expiry on decide's, a look at a pr-mode task's pull request on verify's.
 */
export const TIMER_JOBS = {
  deadline: 'deadline',
  approvalExpiry: 'expire-approval',
  followPullRequest: 'follow-pr',
} as const;

/** What every job carries: the rest is read from the stores, so a retried job sees the current state. */
export interface StageJobData {
  sessionId: string;
  taskId?: string;
  cycle?: number;
  revision?: number;
  /** pr mode: which look at the task's pull request this is (1, 2, …). */
  poll?: number;
  /** How many times a worker without the role's model key has handed this job on (sets its next delay). */
  keyWaits?: number;
}

/**
 * At-least-once with exponential backoff; completed jobs are kept a day so a deterministic id enqueued again
 * within that time is a no-op.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Jobs `Queues.addMany` sends in one transaction. */
export const ADD_SLICE = 64;

/** One job for `Queues.addMany`. */
export interface QueuedJob {
  name: string;
  jobId: string;
  data: StageJobData;
  options?: JobsOptions;
}

export interface Queues {
  get(stage: Stage): Queue<StageJobData>;
  /** Adds one job with a deterministic id; adding the same id again does nothing. Only `enqueue` (pipeline.ts) calls it. */
  add(stage: Stage, name: string, jobId: string, data: StageJobData, options?: JobsOptions): Promise<void>;
  /** `add` for many jobs of one queue, sent to Redis together. Only `enqueueAll` (pipeline.ts) calls it. */
  addMany(stage: Stage, jobs: readonly QueuedJob[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Queues are opened on first use, so a process that only reads (the CLI's `show`, say) opens none. `onError` hears
 * their connection errors.
 */
export function createQueues(connect: () => RedisClient, prefix: string, onError: (error: Error) => void): Queues {
  const queues = new Map<Stage, Queue<StageJobData>>();
  let connection: RedisClient | undefined;
  const shared = () => {
    connection ??= connect();
    return connection;
  };
  const get = (stage: Stage) => {
    let queue = queues.get(stage);
    if (!queue) {
      queue = new Queue<StageJobData>(stage, { connection: shared(), prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Without a listener, BullMQ prints each connection error with its stack while Redis is away.
      queue.on('error', onError);
      queues.set(stage, queue);
    }
    return queue;
  };
  return {
    get,
    async add(stage, name, jobId, data, options) {
      await get(stage).add(name, data, { ...DEFAULT_JOB_OPTIONS, ...options, jobId });
    },
    async addMany(stage, jobs) {
      const queue = get(stage);
      const bulk = jobs.map(({ name, jobId, data, options }) => ({
        name,
        data,
        opts: { ...DEFAULT_JOB_OPTIONS, ...options, jobId },
      }));
      // One slice after another: workers in this process start on the first slice's jobs while the next is built and
      // sent (a thousand drafts built and sent as one kept every draft worker waiting for all of them). Redis runs
      // each slice as one transaction.
      for (let start = 0; start < bulk.length; start += ADD_SLICE)
        await queue.addBulk(bulk.slice(start, start + ADD_SLICE));
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
