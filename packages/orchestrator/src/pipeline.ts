import { jobIds, type RoleModels, type Stage } from '@triad/core';
import type { JobsOptions } from 'bullmq';
import { apply } from './handlers/apply';
import { decide, expireApproval } from './handlers/decide';
import { draft } from './handlers/draft';
import { followPullRequest } from './handlers/follow-pull-request';
import { observe } from './handlers/observe';
import { plan } from './handlers/plan';
import { deadline, report } from './handlers/report';
import { assess, review } from './handlers/review';
import type { StageHandler } from './handlers/stage-handler';
import { verify } from './handlers/verify';
import { DEFAULT_JOB_OPTIONS, type Queues, TIMER_JOBS } from './queues';

/**
 * The whole pipeline in one table: each stage's queue, the role whose model runs it, its handler, its job id, its job
 * options, its time limit, and what it leads to. `enqueue` below is the only way onto a queue (a test checks it), so a
 * job's id and options are always the ones declared here. docs/design.md mirrors this table.
 */

type SessionOnly = { sessionId: string };
type SessionCycle = { sessionId: string; cycle: number };
type TaskRevision = { sessionId: string; taskId: string; revision: number };

/** What each kind of job carries (the rest is read from the stores, so a retried job sees the current state). */
interface StepData {
  observe: SessionCycle;
  plan: SessionCycle;
  draft: TaskRevision;
  review: TaskRevision;
  assess: TaskRevision;
  decide: TaskRevision;
  apply: TaskRevision;
  verify: TaskRevision;
  report: SessionOnly;
  deadline: SessionOnly;
  'approval-expiry': TaskRevision;
  /** `poll`: which look at the task's pull request this is (1, 2, …). */
  'follow-pull-request': TaskRevision & { poll: number };
}

/** What a step says besides its data: when a timer fires, and which task drafts first. */
interface StepExtras {
  /** The task's priority (higher drafts first); only a task's first draft, from the plan, carries it. */
  draft: { taskPriority?: number };
  deadline: { delayMs: number };
  'approval-expiry': { delayMs: number };
  'follow-pull-request': { delayMs: number };
}

export type StepName = keyof StepData;
type StepOf<K extends StepName> = { stage: K; data: StepData[K] } & (K extends keyof StepExtras
  ? StepExtras[K]
  : Record<never, never>);

/**
 * The steps one can enqueue; `review` is review ∥ assess (assess is never queued alone), and `decide` is queued by
 * whichever of the two saves its record second (see handlers/review.ts).
 */
export type Step = { [K in Exclude<StepName, 'assess'>]: StepOf<K> }[Exclude<StepName, 'assess'>];

interface Row<K extends StepName> {
  /** The queue its jobs wait on: one per stage; a timer shares a stage's queue and is told apart by its job name. */
  queue: Stage;
  /** The BullMQ job name. */
  job: string;
  /** The role whose model the job calls (its key decides which worker may run it, its call limit caps the queue). */
  role?: keyof RoleModels;
  /** Its work, with the runtime members it may use (its `context`, declared beside it in handlers/). */
  handler: StageHandler;
  /** Deterministic: the same step enqueued twice is one job. BullMQ refuses `:` in custom ids. */
  jobId: (data: StepData[K]) => string;
  options: (step: StepOf<K>) => JobsOptions;
  /**
   * Work that must finish once begun (a push to record, a report to write): it still runs after the session stopped,
   * and an attempt stopped at its time limit is tried again.
   */
  mustFinish?: true;
  /** How long one attempt may run (ms); a timer runs under its queue's stage limit. */
  timeoutMs?: (verifyWindowMs: number) => number;
  /** What comes next (documentation; the handler decides). */
  next: string;
}

const minutes = (n: number) => () => n * 60_000;
/** At-least-once with exponential backoff, completed jobs kept a day (see DEFAULT_JOB_OPTIONS). */
const retried = () => DEFAULT_JOB_OPTIONS;

export const PIPELINE: { [K in StepName]: Row<K> } = {
  observe: {
    queue: 'observe',
    job: 'observe',
    handler: observe,
    jobId: ({ sessionId, cycle }) => jobIds.observe(sessionId, cycle),
    options: retried,
    timeoutMs: minutes(5),
    next: 'plan, same cycle',
  },
  plan: {
    queue: 'plan',
    job: 'plan',
    role: 'lead',
    handler: plan,
    jobId: ({ sessionId, cycle }) => jobIds.plan(sessionId, cycle),
    options: retried,
    timeoutMs: minutes(10),
    next: 'draft r1 of each new task (higher priority first); nothing planned and nothing open → the session ends',
  },
  draft: {
    queue: 'draft',
    job: 'draft',
    role: 'lead',
    handler: draft,
    jobId: ({ taskId, revision }) => jobIds.draft(taskId, revision),
    options: ({ taskPriority }) => ({
      ...DEFAULT_JOB_OPTIONS,
      ...(taskPriority === undefined ? {} : { priority: Math.max(1, 100 - taskPriority) }),
    }),
    timeoutMs: minutes(10),
    next: 'review ∥ assess → decide; refused or nothing to do → the task ends',
  },
  review: {
    queue: 'review',
    job: 'review',
    role: 'coLead',
    handler: review,
    jobId: ({ taskId, revision }) => jobIds.review(taskId, revision),
    options: retried,
    timeoutMs: minutes(5),
    next: 'decide, if the assessment is saved already (the second of the two to save queues it)',
  },
  assess: {
    queue: 'assess',
    job: 'assess',
    role: 'cio',
    handler: assess,
    jobId: ({ taskId, revision }) => jobIds.assess(taskId, revision),
    options: retried,
    timeoutMs: minutes(5),
    next: 'decide, if the review is saved already (the second of the two to save queues it)',
  },
  decide: {
    queue: 'decide',
    job: 'decide',
    handler: decide,
    jobId: ({ taskId, revision }) => jobIds.decide(taskId, revision),
    options: retried,
    timeoutMs: minutes(1),
    next: 'changes requested → draft r+1; within auto-approve → apply; above it → approval-expiry (a person decides); dry run → proposed',
  },
  apply: {
    queue: 'apply',
    job: 'apply',
    handler: apply,
    jobId: ({ taskId, revision }) => jobIds.apply(taskId, revision),
    options: retried,
    mustFinish: true,
    timeoutMs: minutes(5),
    next: 'verify (with a cluster); pr mode → follow-pull-request; the branch moved → draft r+1',
  },
  verify: {
    queue: 'verify',
    job: 'verify',
    handler: verify,
    jobId: ({ taskId, revision }) => jobIds.verify(taskId, revision),
    options: retried,
    mustFinish: true,
    // Verify watches Flux for the whole window, then may revert.
    timeoutMs: (verifyWindowMs) => verifyWindowMs + 5 * 60_000,
    next: 'the task ends (verified or rolled back); nothing in flight → observe, next cycle',
  },
  report: {
    queue: 'report',
    job: 'report',
    handler: report,
    jobId: ({ sessionId }) => jobIds.report(sessionId),
    options: retried,
    mustFinish: true,
    timeoutMs: minutes(5),
    next: 'nothing: the session has ended',
  },
  deadline: {
    queue: 'report',
    job: TIMER_JOBS.deadline,
    handler: deadline,
    jobId: ({ sessionId }) => jobIds.deadline(sessionId),
    options: ({ delayMs }) => ({ ...DEFAULT_JOB_OPTIONS, delay: delayMs }),
    next: 'report (the session stops at its time box)',
  },
  'approval-expiry': {
    queue: 'decide',
    job: TIMER_JOBS.approvalExpiry,
    handler: expireApproval,
    jobId: ({ taskId, revision }) => jobIds.approvalExpiry(taskId, revision),
    options: ({ delayMs }) => ({ ...DEFAULT_JOB_OPTIONS, delay: delayMs }),
    next: 'still pending → the task is deferred (a person approving first goes to apply instead)',
  },
  'follow-pull-request': {
    queue: 'verify',
    job: TIMER_JOBS.followPullRequest,
    handler: followPullRequest,
    jobId: ({ taskId, revision, poll }) => jobIds.followPullRequest(taskId, revision, poll),
    options: ({ delayMs }) => ({ ...DEFAULT_JOB_OPTIONS, delay: delayMs }),
    next: 'merged → verify (or applied); closed → rejected; still open → follow-pull-request, poll + 1',
  },
};

/** One queue per stage, so each role's pool can be sized and rate-limited on its own. */
export const STAGES: readonly Stage[] = [
  'observe',
  'plan',
  'draft',
  'review',
  'assess',
  'decide',
  'apply',
  'verify',
  'report',
];

/** The stages whose jobs call each role's model. */
export const ROLE_OF_STAGE: Partial<Record<Stage, keyof RoleModels>> = Object.fromEntries(
  STAGES.flatMap((stage) => {
    const role = PIPELINE[stage].role;
    return role ? [[stage, role]] : [];
  }),
);

/** The stages whose work must finish once begun (see `mustFinish`). */
export const MUST_FINISH: readonly Stage[] = STAGES.filter((stage) => PIPELINE[stage].mustFinish);

/** How long one attempt of each stage's job may run (ms) before it is stopped and fails with a named reason. */
export function defaultStageTimeouts(verifyWindowMs: number): Record<Stage, number> {
  return Object.fromEntries(STAGES.map((stage) => [stage, PIPELINE[stage].timeoutMs?.(verifyWindowMs) ?? 0])) as Record<
    Stage,
    number
  >;
}

/** The timer whose jobs on `stage`'s queue carry the job name `name`, if one does (the stage's own jobs otherwise). */
export function timerOn(stage: Stage, name: string): StageHandler | undefined {
  for (const timer of ['deadline', 'approval-expiry', 'follow-pull-request'] as const) {
    if (PIPELINE[timer].queue === stage && PIPELINE[timer].job === name) return PIPELINE[timer].handler;
  }
  return undefined;
}

/** The only way onto a queue: the step's job id and options come from the table. Enqueueing a step twice is one job. */
export function createEnqueue(queues: Queues): (step: Step) => Promise<void> {
  return async (step) => {
    await Promise.all(jobsOf(step).map((job) => queues.add(job.queue, job.name, job.jobId, job.data, job.options)));
  };
}

/**
 * `enqueue` for the steps one job leads to: those of one queue are sent together (a plan's thousand first drafts are
 * one round trip, not a thousand), each with the id and options of the table as `enqueue` gives it.
 */
export function createEnqueueAll(queues: Queues): (steps: readonly Step[]) => Promise<void> {
  return async (steps) => {
    const byQueue = new Map<Stage, QueuedStep[]>();
    for (const job of steps.flatMap(jobsOf)) {
      const group = byQueue.get(job.queue);
      if (group) group.push(job);
      else byQueue.set(job.queue, [job]);
    }
    await Promise.all(
      [...byQueue].map(([queue, group]) =>
        group.length === 1
          ? queues.add(queue, group[0]!.name, group[0]!.jobId, group[0]!.data, group[0]!.options)
          : queues.addMany(queue, group),
      ),
    );
  };
}

/** One job of a step, as the table makes it. */
interface QueuedStep {
  queue: Stage;
  name: string;
  jobId: string;
  data: StepData[StepName];
  options: JobsOptions;
}

/**
 * The jobs a step is: one, but `review`, which is review ∥ assess, two jobs on their own queues that run in parallel.
 * Neither waits for the other: the one that saves its record second queues `decide` (handlers/review.ts).
 */
function jobsOf(step: Step): QueuedStep[] {
  const parts: StepOf<StepName>[] =
    step.stage === 'review' ? [step, { stage: 'assess', data: step.data } as StepOf<'assess'>] : [step];
  return parts.map((part) => {
    const row = PIPELINE[part.stage] as unknown as Row<typeof part.stage>;
    return {
      queue: row.queue,
      name: row.job,
      jobId: row.jobId(part.data),
      data: part.data,
      options: row.options(part as never),
    };
  });
}
