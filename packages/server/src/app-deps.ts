import type { RoleModels } from '@triad/core';
import type { Runtime, Triad } from '@triad/orchestrator';
import type { LoginSessions } from './auth/login-sessions';
import type { UserDirectory } from './auth/user-directory';

/** What the routes work with; built once by the server (or a test) and passed to every route plugin. */
export interface AppDeps {
  /** Sessions, approvals, events, reports and ADRs: what the routes ask Triad for. */
  triad: Triad;
  /** The runtime under `triad`, for the routes not yet moved onto the facade. */
  rt: Runtime;
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
