import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Task, Task as TaskSchema } from '@triad/core';
import { createRuntime, type Runtime, type RuntimeOptions, startWorkers, type WorkerPool } from '@triad/orchestrator';
import { deletePrefix as deleteKeys, waitForEvent, within } from '@triad/orchestrator/test-support';
import { createBareRemote, HOMELAB_EXAMPLE } from '@triad/sim';
import { readTrailerLog } from '@triad/tools';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { Role } from '../src/auth/role';
import { hashToken, newToken } from '../src/auth/token';
import type { StoredUser } from '../src/auth/user';
import { UserDirectory } from '../src/auth/user-directory';

export const run = promisify(execFile);
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A bare GitOps remote seeded from examples/homelab (real git), in `dir`. */
export async function createHomelabRemote(dir: string): Promise<string> {
  return (await createBareRemote(HOMELAB_EXAMPLE, dir)).remote;
}

export const PEOPLE: Record<string, Role> = { root: 'admin', alice: 'approver', bob: 'approver', vic: 'viewer' };

export interface ServerRig {
  app: FastifyInstance;
  rt: Runtime;
  pool?: WorkerPool;
  prefix: string;
  dir: string;
  remote: string;
  /** Each person's bearer token. */
  tokens: Record<string, string>;
  /** `{ authorization: 'Bearer …' }` for a person. */
  as(name: string): { authorization: string };
  close(): Promise<void>;
}

/** The app over a runtime with its own Redis prefix and temp dirs, four configured users, optionally workers. */
export async function startServerRig(
  options: {
    workers?: boolean;
    runtime?: Partial<RuntimeOptions>;
    loginRateLimit?: number;
    trustProxy?: string[];
    maxDurationMs?: number;
  } = {},
): Promise<ServerRig> {
  const prefix = `triadsrv-${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'triad-server-'));
  const remote = await createHomelabRemote(dir);
  const rt = createRuntime({ config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'work') }, ...options.runtime });
  const tokens: Record<string, string> = {};
  const users: StoredUser[] = [];
  for (const [name, role] of Object.entries(PEOPLE)) {
    tokens[name] = newToken(name);
    users.push({ name, role, tokenHash: await hashToken(tokens[name]) });
  }
  const app = await buildApp({
    rt,
    users: new UserDirectory(rt.redis, `${prefix}:server:users`, users),
    defaultModels: { lead: 'builtin', coLead: 'builtin', cio: 'builtin' },
    secureCookies: false,
    loginRateLimit: options.loginRateLimit ?? 20,
    trustProxy: options.trustProxy,
    maxDurationMs: options.maxDurationMs,
    cookieSecret: randomBytes(32).toString('hex'),
    logger: false,
  });
  await app.ready();
  const pool = options.workers ? await startWorkers(rt, { lockDurationMs: 5000 }) : undefined;
  return {
    app,
    rt,
    pool,
    prefix,
    dir,
    remote,
    tokens,
    as: (name) => ({ authorization: `Bearer ${tokens[name]}` }),
    async close() {
      await app.close();
      await pool?.close();
      await rt.close();
      await deletePrefix(prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Deletes the test's Redis keys. */
export { waitForEvent, within };

export const deletePrefix = (prefix: string) => deleteKeys(REDIS_URL, prefix);

/** Commits on the remote's main with their trailers, newest first. */
export const remoteCommits = (remote: string) => readTrailerLog(remote, 'main');

/** Waits (bounded) until every task of the session waits for a person or has ended, and at least one exists. */
export async function waitUntilSettled(rt: Runtime, sessionId: string, timeoutMs = 45_000): Promise<void> {
  const { isTerminal } = await import('@triad/core');
  const blocking = rt.connect();
  const giveUp = Date.now() + timeoutMs;
  let cursor = '0-0';
  try {
    while (Date.now() < giveUp) {
      const events = await rt.events.waitFor(blocking, sessionId, cursor, 500);
      cursor = events.at(-1)?.id ?? cursor;
      const tasks = await rt.tasks.list(sessionId);
      const settled = tasks.every((task) => task.state === 'awaiting_approval' || isTerminal(task.state));
      // A task moves to awaiting_approval just before its approval is recorded: wait for the record too.
      const waiting = tasks.filter((task) => task.state === 'awaiting_approval');
      const recorded = await Promise.all(waiting.map((task) => rt.approvals.find(task.id)));
      if (tasks.length > 0 && settled && recorded.every((approval) => approval?.status === 'pending')) return;
    }
    throw new Error(`the tasks of session ${sessionId} did not settle within ${timeoutMs} ms`);
  } finally {
    blocking.disconnect();
  }
}

/** Starts a session through the API as `who` (an approver) and returns its id; anything but 201 fails with the body. */
export async function startSessionViaApi(
  rig: ServerRig,
  payload: Record<string, unknown>,
  who = 'alice',
): Promise<string> {
  const started = await rig.app.inject({ method: 'POST', url: '/api/sessions', headers: rig.as(who), payload });
  if (started.statusCode !== 201) throw new Error(`starting a session answered ${started.statusCode}: ${started.body}`);
  return started.json().id as string;
}

/** A task record of `sessionId` as the planner writes one, for tests that place tasks in the stores themselves. */
export function taskRecord(
  sessionId: string,
  fields: Partial<Task> & Pick<Task, 'id' | 'title' | 'state'>,
  createdAt = new Date().toISOString(),
): Task {
  return TaskSchema.parse({
    sessionId,
    category: 'security',
    cycle: 1,
    priority: 50,
    findingIds: [],
    revision: 1,
    createdAt,
    updatedAt: createdAt,
    ...fields,
  });
}
