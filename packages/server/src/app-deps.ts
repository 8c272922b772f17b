import type { RoleModels } from '@triad/core';
import type { Runtime, Triad } from '@triad/orchestrator';
import type { LoginSessions } from './auth/login-sessions';
import type { UserDirectory } from './auth/user-directory';

/**
 * The part of the runtime the server uses itself, past the facade: the Redis connection and prefix for its own records
 * (users, logins, the cookie secret, webhook marks) and readiness, and the stage queues for bull-board and the queue
 * metrics, which operate BullMQ itself. Sessions, tasks, approvals, events, reports and ADRs go through `triad`.
 */
export type ServerRuntime = Pick<Runtime, 'redis' | 'config' | 'queues'>;

/** What the routes work with; built once by the server (or a test) and passed to every route plugin. */
export interface AppDeps {
  /** Sessions, approvals, events, reports and ADRs: what the routes ask Triad for. */
  triad: Triad;
  /** What the server reaches past the facade (see `ServerRuntime`). */
  rt: ServerRuntime;
  users: UserDirectory;
  /** Logins kept server-side, so logging out ends them. */
  logins: LoginSessions;
  /** Models a session gets for roles its request leaves unset. */
  defaultModels: RoleModels;
  /** Mark login cookies `Secure` (the server is reached over https). */
  secureCookies: boolean;
  /** Login attempts per client and minute. */
  loginRateLimit: number;
  /** The longest session duration and approval timeout a start request may ask for (`TRIAD_MAX_DURATION`). */
  maxDurationMs: number;
}
