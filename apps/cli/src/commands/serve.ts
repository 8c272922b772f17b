import { readEnv } from '@triad/server/env';
import { newUser } from '@triad/server/new-user';
import { serveUntilSignal } from '@triad/server/server';
import { pino } from 'pino';
import { UsageError } from '../env';

export interface ServeFlags {
  port?: string;
  host?: string;
  workers?: boolean;
  'new-user'?: string;
}

/** `triad serve`: the API and review UI (optionally with workers in the same process), or a new user's token. */
export async function serve(flags: ServeFlags) {
  if (flags['new-user']) {
    const { token, entry } = await newUser(flags['new-user']);
    console.log(`token for ${entry.name} (hand it over once; it is not stored):\n  ${token}`);
    console.log(`entry for TRIAD_USERS_FILE's "users" list:\n  ${JSON.stringify(entry)}`);
    return;
  }
  const port = flags.port ?? process.env.PORT;
  if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`--port must be a number, not "${port}"`);
  const env = readEnv({ ...process.env, ...(port ? { PORT: port } : {}), ...(flags.host ? { HOST: flags.host } : {}) });
  await serveUntilSignal(env, pino({ level: env.LOG_LEVEL }), { workers: flags.workers ?? false });
}
