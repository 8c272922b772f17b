import { createTriad, type Logger, type WorkerPool } from '@triad/orchestrator';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app';
import { UserDirectory } from './auth/user-directory';
import { readUsersFile } from './auth/users-file';
import { cookieSecret } from './cookie-secret';
import type { ServerEnv } from './env';
import { type ApprovalAnnouncer, startApprovalAnnouncer } from './notify/approval-announcer';

export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The admin token created on this first start, printed once; undefined on every later start. */
  firstAdminToken?: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Also run every stage's workers in this process (a one-machine setup). */
  workers?: boolean;
}

/** Builds everything from the environment, listens, and closes in order: HTTP, announcer, workers, Redis. */
export async function startServer(env: ServerEnv, logger: FastifyBaseLogger & Logger, options: ServerOptions = {}) {
  const triad = await createTriad(env, { process: 'server', logger });
  const rt = triad.runtime;
  const configured = env.TRIAD_USERS_FILE ? await readUsersFile(env.TRIAD_USERS_FILE) : [];
  const users = new UserDirectory(rt.redis, `${env.TRIAD_PREFIX}:server:users`, configured);
  const firstAdminToken = await users.ensureFirstAdmin();
  const publicUrl = env.TRIAD_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const app = await buildApp({
    triad,
    rt,
    users,
    defaultModels: { lead: env.TRIAD_LEAD_MODEL, coLead: env.TRIAD_COLEAD_MODEL, cio: env.TRIAD_CIO_MODEL },
    secureCookies: publicUrl.startsWith('https:'),
    loginRateLimit: env.TRIAD_LOGIN_RATE_LIMIT,
    maxDurationMs: env.TRIAD_MAX_DURATION,
    trustProxy: env.TRIAD_TRUST_PROXY,
    cookieSecret: await cookieSecret(rt.redis, `${env.TRIAD_PREFIX}:server:cookie-secret`, env.TRIAD_COOKIE_SECRET),
    logger,
  });
  let announcer: ApprovalAnnouncer | undefined;
  if (env.TRIAD_WEBHOOK_URL) {
    announcer = startApprovalAnnouncer(triad, rt, {
      url: env.TRIAD_WEBHOOK_URL,
      format: env.TRIAD_WEBHOOK_FORMAT,
      publicUrl,
    });
    await announcer.ready;
  }
  const pool: WorkerPool | undefined = options.workers ? await triad.startWorkers({ warmUp: true }) : undefined;
  const url = await app.listen({ host: env.HOST, port: env.PORT });
  return {
    url,
    firstAdminToken,
    async close() {
      await app.close();
      await announcer?.close();
      await pool?.close();
      await triad.close();
    },
  } satisfies RunningServer;
}

/** Runs until SIGTERM or SIGINT, then closes gracefully. */
export async function serveUntilSignal(
  env: ServerEnv,
  logger: FastifyBaseLogger & Logger,
  options: ServerOptions = {},
) {
  const server = await startServer(env, logger, options);
  if (server.firstAdminToken) {
    console.log(
      `\nNo users are configured, so an admin was created. Its token, shown this once:\n\n  ${server.firstAdminToken}\n\nLog in at ${server.url}/login, or send it as Authorization: Bearer <token>.\n`,
    );
  }
  logger.info({ url: server.url, workers: options.workers ?? false }, 'triad server ready');
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'closing the server');
  await server.close();
}
