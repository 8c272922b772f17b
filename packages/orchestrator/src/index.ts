export { type ModelSettings, resolveAgents } from './agents';
export { type ChangeRequest, type Decision, decideApproval, requestChanges } from './approvals';
export { type CallLimit, CallLimiter, limitCalls } from './call-limiter';
export { type AdrEntry, type AdrShelf, adrOnShelf, adrsIn, readAdrShelf } from './facade/adr-shelf';
export { requiredApprovers } from './facade/four-eyes';
export type { ApprovalNews, EventTail, Watch } from './facade/live';
export { type SessionProgress, sessionProgress } from './facade/session-progress';
export { ForgeEnv, forgeTokens } from './forge-env';
export { continueSession, finalize, recordUsage, startSession, stopSession } from './lifecycle';
export { ModelEnv, modelSettings } from './model-env';
export { PIPELINE, STAGES, type Step, type StepName } from './pipeline';
export type { StageJobData } from './queues';
export { assertRedisReachable, createRedis, type RedisClient, redisUrlForLog } from './redis';
export { isConnectionError, type RedisNotice, RedisOutage } from './redis-outage';
export { parseRedisTarget, prefixFor, type RedisTarget } from './redis-target';
export { runWorkersUntilSignal, WorkerEnv } from './run-workers';
export {
  type ClusterRef,
  createRuntime,
  type ForgeTokens,
  type Logger,
  type Runtime,
  type RuntimeOptions,
  silentLogger,
} from './runtime';
export { envFlag, LayoutEnv, layoutConfig, parseEnv, StateEnv } from './runtime-env';
export { ApprovalRecord, Signoff } from './stores/approval-store';
export type { Observation, StoredReport } from './stores/record-store';
export { createTriad, type TaskChange, type Triad, type TriadEnv, type TriadOptions, triadOver } from './triad';
export { waitForSessionEnd } from './wait';
export { HANDLERS, startWorkers, type WorkerOptions, type WorkerPool } from './workers';
