import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agents } from '@triad/agents';
import { analyzeRepo, type ClusterObjects, setParseCacheLimit, warmUpAnalyzers } from '@triad/analyzers';
import type { Approval, Finding, ForgeKind, RepoFiles, RoleModels, Session, TriadConfig } from '@triad/core';
import { type ClusterPort, createKubeCluster, type ForgePort, type RunGit } from '@triad/tools';
import { AbortRegistry } from './abort-registry';
import { type ModelSettings, promptVersionsOf, resolveAgents } from './agents';
import { type CallLimit, CallLimiter, limitCalls } from './call-limiter';
import { forgePorts } from './forge-ports';
import { redisKeys } from './keys';
import { createEnqueue, createEnqueueAll, type Step } from './pipeline';
import { createQueues, type Queues } from './queues';
import type { RedisClient } from './redis';
import { createRedis } from './redis';
import { type RedisNotice, RedisOutage } from './redis-outage';
import { parseRedisTarget, prefixFor } from './redis-target';
import { RepoAccess } from './repo-access';
import { RepoLock } from './repo-lock';
import { ApprovalStore } from './stores/approval-store';
import { EventLog } from './stores/event-log';
import { RecordStore } from './stores/record-store';
import { SessionStore } from './stores/session-store';
import { TaskStore } from './stores/task-store';

/** Pino-compatible, so apps pass their pino logger; packages never log on their own. */
export interface Logger {
  info(data: object, message?: string): void;
  warn(data: object, message?: string): void;
  error(data: object, message?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface RuntimeOptions {
  config: Partial<TriadConfig> & Pick<TriadConfig, 'redisUrl' | 'prefix'>;
  /** Agents for a session's model settings; defaults to the implementations they name. */
  agents?: (models: RoleModels) => Agents;
  /** Provider keys and base URLs for model-backed roles (the apps read them from their environment). */
  models?: ModelSettings;
  analyze?: (files: RepoFiles, cluster?: ClusterObjects) => Finding[];
  /**
   * What a worker that warms up at start runs before it takes jobs (`startWorkers`' `warmUp`). Defaults to the
   * analyzers' warm-up when `analyze` is the built-in one, else to nothing.
   */
  warmUp?: () => void;
  /** Opens a session's cluster; defaults to its kubeconfig through @kubernetes/client-node (tests pass the simulator's). */
  cluster?: (ref: ClusterRef) => ClusterPort;
  /** How long Flux has to report a pushed change Ready before it is reverted (ms); default 10 minutes. */
  verifyWindowMs?: number;
  clock?: () => Date;
  logger?: Logger;
  /** How long a repository write lock lives without its holder (ms). */
  repoLockTtlMs?: number;
  /** Four-eyes for the sessions this process starts when their request does not say: critical changes need two approvers. */
  fourEyes?: boolean;
  /**
   * Called once when a change starts waiting for a person. Defaults to publishing `approval.requested` on the control
   * channel, so a server anywhere can notify people; failures are logged, never fail the step.
   */
  onApprovalRequested?: (approval: Approval) => Promise<void>;
  /**
   * Told when Redis stops answering (at most every few seconds; every client keeps retrying) and when it answers again.
   * Defaults to one logger line each.
   */
  onRedisNotice?: (notice: RedisNotice) => void;
  /** Runs git for the working clones; the real CLI by default (tests wrap it to act at a given step). */
  runGit?: RunGit;
  /** pr mode: each forge's token, as the app read it (`GITHUB_TOKEN`, `GITEA_TOKEN`, `GITLAB_TOKEN`). */
  forgeTokens?: ForgeTokens;
  /** How often an open pull request is looked at (ms); default one minute. */
  pullRequestPollMs?: number;
}

/** Forge tokens by forge kind; a kind without one cannot run pr mode. */
export type ForgeTokens = Partial<Record<ForgeKind, string>>;

/** Where a session's cluster is: its kubeconfig and context. */
export type ClusterRef = NonNullable<Session['cluster']>;

/** Everything a handler needs, built once per process. */
export interface Runtime {
  config: TriadConfig;
  redis: RedisClient;
  /** A new connection for blocking work (BullMQ workers, XREAD BLOCK, pub/sub); it waits out a Redis restart. */
  connect(): RedisClient;
  /** Where connection errors of this process's clients (and its BullMQ workers) are told, once per few seconds. */
  redisOutage: RedisOutage;
  keys: ReturnType<typeof redisKeys>;
  sessions: SessionStore;
  tasks: TaskStore;
  records: RecordStore;
  approvals: ApprovalStore;
  events: EventLog;
  queues: Queues;
  /** The only way onto a queue: a step's job id and options come from the pipeline table (pipeline.ts). */
  enqueue: (step: Step) => Promise<void>;
  /** `enqueue` for several steps, those of one queue sent together (the steps a job leads to). */
  enqueueAll: (steps: readonly Step[]) => Promise<void>;
  repos: RepoAccess;
  repoLock: RepoLock;
  aborts: AbortRegistry;
  agents: (models: RoleModels) => Agents;
  /** The system prompt versions of a session's model-backed roles, read without building any model (no key needed). */
  promptVersions: (models: RoleModels) => string[];
  /** Model calls per role and window (each role's model waits for its window); also caps each role's stage jobs. */
  callLimits: Partial<Record<keyof RoleModels, CallLimit>>;
  /** `unreadable`: paths the repository has that were not read (see `AnalyzeOptions`). */
  analyze: (files: RepoFiles, cluster?: ClusterObjects, unreadable?: readonly string[]) => Finding[];
  /** Compiles the code a first observation runs, on built-in input: see `WorkerOptions.warmUp`. */
  warmUp: () => void;
  /** The cluster port of a session's cluster (one per kubeconfig and context, opened on first use). */
  cluster: (ref: ClusterRef) => ClusterPort;
  verifyWindowMs: number;
  clock: () => Date;
  logger: Logger;
  /** A critical change needs two different approvers. */
  fourEyes: boolean;
  /** The forge port of a pr-mode session, with this process's token for its forge (`forge_token_missing` without). */
  forge: (session: Pick<Session, 'forge' | 'id'>) => ForgePort;
  /** Forge tokens this process has, to check at start. */
  forgeTokens: ForgeTokens;
  pullRequestPollMs: number;
  onApprovalRequested: (approval: Approval) => Promise<void>;
  close(): Promise<void>;
}

/** YAML source kept parsed per process, least recently used dropped first: a repository of a few MB fits whole. */
const PARSE_CACHE_CHARACTERS = 16 * 1024 * 1024;

export function createRuntime(options: RuntimeOptions): Runtime {
  const config: TriadConfig = {
    workdir: join(tmpdir(), 'triad-work'),
    reportDir: 'docs/sessions',
    adrDir: 'docs/adr',
    guardrails: { maxFiles: 10, maxChangedLines: 400, deny: [], allow: [] },
    concurrency: 2,
    applyBatch: 20,
    ...options.config,
    // On a Redis Cluster the prefix is a hash tag, so one deployment's keys share a slot (see redis-target.ts).
    prefix: prefixFor(parseRedisTarget(options.config.redisUrl), options.config.prefix),
  };
  // A long-running process validates every proposal against the whole repository: files it parsed for the last one
  // are not parsed again while their text is the same (the CLI's one-shot scan keeps the cache off).
  setParseCacheLimit(PARSE_CACHE_CHARACTERS);
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const connections: RedisClient[] = [];
  const redisOutage = new RedisOutage(
    config.redisUrl,
    options.onRedisNotice ??
      ((notice) =>
        notice.status === 'unreachable' ? logger.warn({}, notice.message) : logger.info({}, notice.message)),
  );
  const connect = () => {
    // Anything else Redis says about the connection is logged in one line, never as a stack.
    const connection = redisOutage.watch(createRedis(config.redisUrl), (error) =>
      logger.warn({ error: error.message }, 'redis connection error'),
    );
    connections.push(connection);
    return connection;
  };
  const redis = connect();
  const keys = redisKeys(config.prefix);
  const queues = createQueues(connect, config.prefix, (error) => {
    if (!redisOutage.failed(error)) logger.warn({ error: error.message }, 'queue error');
  });
  const aborts = new AbortRegistry(clock);
  return {
    config,
    redis,
    connect,
    redisOutage,
    keys,
    sessions: new SessionStore(redis, keys),
    tasks: new TaskStore(redis, keys, clock),
    records: new RecordStore(redis, keys),
    approvals: new ApprovalStore(redis, keys),
    events: new EventLog(redis, keys, clock),
    queues,
    enqueue: createEnqueue(queues),
    enqueueAll: createEnqueueAll(queues),
    repos: new RepoAccess(config.workdir, { name: 'Triad', email: 'triad@localhost' }, 8, options.runGit),
    repoLock: new RepoLock(redis, keys, options.repoLockTtlMs ?? 120_000),
    aborts,
    agents:
      options.agents ??
      ((models) =>
        resolveAgents(models, options.models, config.guardrails, (role, model) => {
          const limit = options.models?.callLimits?.[role];
          if (!limit) return model;
          const limiter = new CallLimiter(redis, keys.callLimit(role), limit);
          return limitCalls(model, limiter, (waitedMs) =>
            logger.info({ role, model: model.spec, waitedMs }, `${role} waited ${waitedMs} ms for its call limit`),
          );
        })),
    promptVersions: options.agents
      ? (models) => {
          const agents = options.agents!(models);
          return [agents.lead, agents.coLead, agents.cio].flatMap((agent) => agent.promptVersion ?? []);
        }
      : (models) => promptVersionsOf(models, options.models?.promptsDir),
    callLimits: options.models?.callLimits ?? {},
    analyze:
      options.analyze ??
      ((files, cluster, unreadable = []) => analyzeRepo(files, { unreadable, ...(cluster ? { cluster } : {}) })),
    warmUp: options.warmUp ?? (options.analyze ? () => {} : () => void warmUpAnalyzers()),
    cluster: clusterPorts(options.cluster ?? ((ref) => createKubeCluster({ ...ref, clock }))),
    verifyWindowMs: options.verifyWindowMs ?? 10 * 60_000,
    clock,
    logger,
    fourEyes: options.fourEyes ?? false,
    forge: forgePorts(options.forgeTokens ?? {}),
    forgeTokens: options.forgeTokens ?? {},
    pullRequestPollMs: options.pullRequestPollMs ?? 60_000,
    onApprovalRequested:
      options.onApprovalRequested ??
      (async (approval) => {
        const message = { type: 'approval.requested', taskId: approval.taskId, sessionId: approval.sessionId };
        await redis.publish(keys.control, JSON.stringify(message));
      }),
    async close() {
      aborts.clear();
      await queues.close();
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}

/** One port per kubeconfig and context, made on first use. */
function clusterPorts(open: (ref: ClusterRef) => ClusterPort): (ref: ClusterRef) => ClusterPort {
  const ports = new Map<string, ClusterPort>();
  return (ref) => {
    const key = `${ref.kubeconfig}#${ref.context ?? ''}`;
    let port = ports.get(key);
    if (!port) {
      port = open(ref);
      ports.set(key, port);
    }
    return port;
  };
}
