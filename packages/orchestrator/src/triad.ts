import { join } from 'node:path';
import type { Approval, Session, SessionRequest, Task, TriadEvent } from '@triad/core';
import { type ChangeRequest, type Decision, decideApproval, requestChanges, requiredApprovers } from './approvals';
import { type AdrShelf, readAdrShelf } from './facade/adr-shelf';
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
    show(id: string): Promise<{ session: Session; tasks: Task[] }>;
    stop(id: string, by?: string): Promise<Session>;
    /** Time box and budget used, as the CLI and the UI show them. */
    progress(session: Session, now?: number): SessionProgress;
  };
  approvals: {
    pending(): Promise<ApprovalRecord[]>;
    /** The approval of a task, whatever its status (its sign-offs and decision are its history). */
    find(taskId: string): Promise<ApprovalRecord | undefined>;
    decide(decision: Decision): Promise<ApprovalRecord>;
    requestChanges(request: ChangeRequest): Promise<ApprovalRecord>;
    /** Different people who must approve the change (the four-eyes rule). */
    requiredApprovers(approval: Pick<Approval, 'taskId' | 'sessionId'>): Promise<number>;
  };
  events: {
    read(sessionId: string, afterId?: string): Promise<TriadEvent[]>;
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
  /** The runtime underneath, for the code not yet moved onto the facade (handlers, the server's routes). */
  runtime: Runtime;
  close(): Promise<void>;
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
      async show(id) {
        const [session, tasks] = await Promise.all([rt.sessions.get(id), rt.tasks.list(id)]);
        return { session, tasks };
      },
      stop: (id, by) => stopSession(rt, id, by),
      progress: (session, now = rt.clock().getTime()) => sessionProgress(session, now),
    },
    approvals: {
      pending: () => rt.approvals.pending(),
      find: (taskId) => rt.approvals.find(taskId),
      decide: (decision) => decideApproval(rt, decision),
      requestChanges: (request) => requestChanges(rt, request),
      requiredApprovers: (approval) => requiredApprovers(rt, approval.taskId, approval.sessionId),
    },
    events: { read: (sessionId, afterId) => rt.events.read(sessionId, afterId) },
    reports: { get: (sessionId) => rt.records.report(sessionId) },
    adrs: { shelf: (repo) => readAdrShelf(rt, repo) },
    startWorkers: (options) => startWorkers(rt, options),
    runtime: rt,
    close: () => rt.close(),
  };
}
