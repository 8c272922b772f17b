import { join } from 'node:path';
import type {
  Approval,
  Finding,
  Proposal,
  Review,
  RiskAssessment,
  Session,
  SessionRequest,
  Task,
  TriadEvent,
} from '@triad/core';
import { type ChangeRequest, type Decision, decideApproval, requestChanges, requiredApprovers } from './approvals';
import { type AdrShelf, readAdrShelf } from './facade/adr-shelf';
import { type ApprovalNews, type EventTail, tailEvents, type Watch, watchApprovals } from './facade/live';
import { type SessionProgress, sessionProgress } from './facade/session-progress';
import { type ForgeEnv, forgeTokens } from './forge-env';
import { startSession, stopSession } from './lifecycle';
import { type ModelEnv, modelSettings } from './model-env';
import { assertRedisReachable } from './redis';
import type { RedisNotice } from './redis-outage';
import { createRuntime, type Logger, type Runtime, type RuntimeOptions } from './runtime';
import { type LayoutEnv, layoutConfig, type StateEnv } from './runtime-env';
import type { ApprovalRecord } from './stores/approval-store';
import type { StoredReport } from './stores/record-store';
import { type WaitOptions, waitForSessionEnd } from './wait';
import { startWorkers, type WorkerOptions, type WorkerPool } from './workers';

/** The variables every app reads for Triad itself (each app adds its own, like PORT or TRIAD_USER). */
export type TriadEnv = StateEnv &
  ModelEnv &
  ForgeEnv &
  LayoutEnv & {
    /** Sessions started here without saying get four-eyes: a critical change needs two approvers. */
    TRIAD_FOUR_EYES?: boolean;
    /** Jobs each stage runs at once in a worker process. */
    TRIAD_CONCURRENCY?: number;
  };

export interface TriadOptions {
  /** Names this process's folder of working clones under TRIAD_WORKDIR (`<process>-<pid>`): `cli`, `server`, `worker`. */
  process: string;
  logger?: Logger;
  /** Where "Redis is away / back" goes; the logger by default. */
  onRedisNotice?: (notice: RedisNotice) => void;
  /** Told when a role's primary model failed and its fallback answered. */
  onModelFallback?: (primary: string, fallback: string, error: unknown) => void;
  /** Tests only: replaces parts of the runtime (a simulated cluster, a clock). */
  runtime?: Partial<Omit<RuntimeOptions, 'config'>>;
}

/**
 * Triad as the apps see it: sessions, approvals, events, reports and ADRs over one Redis. The CLI, the server and the
 * worker each build one with `createTriad(env)` and never wire Redis, queues, stores, models or the cluster themselves.
 */
export interface Triad {
  sessions: {
    start(request: SessionRequest): Promise<Session>;
    /** Newest first. */
    list(limit?: number): Promise<Session[]>;
    /** One session; `session_not_found` when there is none. */
    get(id: string): Promise<Session>;
    show(id: string): Promise<{ session: Session; tasks: Task[] }>;
    stop(id: string, by?: string): Promise<Session>;
    /** Time box and budget used, as the CLI and the UI show them. */
    progress(session: Session, now?: number): SessionProgress;
    /** Resolves with the session once it ended, telling `onEvent` each event on the way (see wait.ts). */
    waitForEnd(id: string, options?: WaitOptions): Promise<Session>;
  };
  tasks: {
    /** One task; `task_not_found` when there is none. */
    get(taskId: string): Promise<Task>;
    /** A session's tasks, in the order they were planned. */
    list(sessionId: string): Promise<Task[]>;
    /** The task's change at `revision` (an approval's, or the task's own): proposal, review and assessment, once written. */
    change(task: Pick<Task, 'id' | 'sessionId' | 'revision'>): Promise<TaskChange>;
    /** The findings the task was planned for, as its cycle's observation recorded them. */
    findings(task: Pick<Task, 'sessionId' | 'cycle' | 'findingIds'>): Promise<Finding[]>;
  };
  approvals: {
    pending(): Promise<ApprovalRecord[]>;
    /** The approval of a task, whatever its status (its sign-offs and decision are its history). */
    find(taskId: string): Promise<ApprovalRecord | undefined>;
    decide(decision: Decision): Promise<ApprovalRecord>;
    requestChanges(request: ChangeRequest): Promise<ApprovalRecord>;
    /** Different people who must approve the change (the four-eyes rule). */
    requiredApprovers(approval: Pick<Approval, 'taskId' | 'sessionId'>): Promise<number>;
    /** Each request and decision of any session as it happens, until the watch is closed (facade/live.ts). */
    watch(listener: (news: ApprovalNews) => void): Watch;
  };
  events: {
    read(sessionId: string, afterId?: string): Promise<TriadEvent[]>;
    /** The session's events as they are appended, on a connection of the tail's own: close it when done. */
    tail(sessionId: string): EventTail;
  };
  reports: {
    /** The session's report once it ended, else undefined. */
    get(sessionId: string): Promise<StoredReport | undefined>;
  };
  adrs: {
    /** The ADRs at the branch head of a repository. */
    shelf(repo: Session['repo']): Promise<AdrShelf>;
  };
  /** Runs every stage's workers in this process until the pool is closed. */
  startWorkers(options?: WorkerOptions): Promise<WorkerPool>;
  /**
   * The runtime underneath: the server takes its Redis connection, prefix and queues from it for its own records and
   * bull-board; the CLI's live view and approvals list still read it. Handlers get their own contexts (stage-handler.ts).
   */
  runtime: Runtime;
  close(): Promise<void>;
}

/** What was proposed for a task at one revision, and what the Co-Lead and the CIO made of it. */
export interface TaskChange {
  proposal?: Proposal;
  review?: Review;
  assessment?: RiskAssessment;
}

/** Checks that Redis answers (one line naming REDIS_URL when not), then builds Triad from the environment. */
export async function createTriad(env: TriadEnv, options: TriadOptions): Promise<Triad> {
  await assertRedisReachable(env.REDIS_URL);
  const rt = createRuntime({
    ...options.runtime,
    config: {
      redisUrl: env.REDIS_URL,
      prefix: env.TRIAD_PREFIX,
      // Each process keeps its own clones: two processes on one machine never share a working tree.
      workdir: join(env.TRIAD_WORKDIR, `${options.process}-${process.pid}`),
      ...layoutConfig(env),
      ...(env.TRIAD_CONCURRENCY ? { concurrency: env.TRIAD_CONCURRENCY } : {}),
    },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onRedisNotice ? { onRedisNotice: options.onRedisNotice } : {}),
    fourEyes: env.TRIAD_FOUR_EYES ?? false,
    forgeTokens: forgeTokens(env),
    models: {
      ...modelSettings(env),
      ...(options.onModelFallback ? { onFallback: options.onModelFallback } : {}),
    },
  });
  return triadOver(rt);
}

/** The facade over a runtime someone else built (tests build theirs with a simulated cluster). */
export function triadOver(rt: Runtime): Triad {
  return {
    sessions: {
      start: (request) => startSession(rt, request),
      list: (limit) => rt.sessions.list(limit),
      get: (id) => rt.sessions.get(id),
      async show(id) {
        const [session, tasks] = await Promise.all([rt.sessions.get(id), rt.tasks.list(id)]);
        return { session, tasks };
      },
      stop: (id, by) => stopSession(rt, id, by),
      progress: (session, now = rt.clock().getTime()) => sessionProgress(session, now),
      waitForEnd: (id, options) => waitForSessionEnd(rt, id, options),
    },
    tasks: {
      get: (taskId) => rt.tasks.get(taskId),
      list: (sessionId) => rt.tasks.list(sessionId),
      async change({ id, sessionId, revision }) {
        const [proposal, review, assessment] = await Promise.all([
          rt.records.proposal(sessionId, id, revision),
          rt.records.review(sessionId, id, revision),
          rt.records.assessment(sessionId, id, revision),
        ]);
        return {
          ...(proposal ? { proposal } : {}),
          ...(review ? { review } : {}),
          ...(assessment ? { assessment } : {}),
        };
      },
      async findings(task) {
        const observation = await rt.records.observation(task.sessionId, task.cycle);
        const wanted = new Set(task.findingIds);
        return observation?.findings.filter((finding) => wanted.has(finding.id)) ?? [];
      },
    },
    approvals: {
      pending: () => rt.approvals.pending(),
      find: (taskId) => rt.approvals.find(taskId),
      decide: (decision) => decideApproval(rt, decision),
      requestChanges: (request) => requestChanges(rt, request),
      requiredApprovers: (approval) => requiredApprovers(rt, approval.taskId, approval.sessionId),
      watch: (listener) => watchApprovals(rt, listener),
    },
    events: {
      read: (sessionId, afterId) => rt.events.read(sessionId, afterId),
      tail: (sessionId) => tailEvents(rt, sessionId),
    },
    reports: { get: (sessionId) => rt.records.report(sessionId) },
    adrs: { shelf: (repo) => readAdrShelf(rt, repo) },
    startWorkers: (options) => startWorkers(rt, options),
    runtime: rt,
    close: () => rt.close(),
  };
}
