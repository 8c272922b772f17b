import { readEnv } from '@triad/worker/env';
import { runWorker } from '@triad/worker/run';
import { pino } from 'pino';

/** `triad worker`: the same worker process as apps/worker, from the CLI. */
export async function worker() {
  const env = readEnv();
  await runWorker(env, pino({ level: env.LOG_LEVEL }));
}
