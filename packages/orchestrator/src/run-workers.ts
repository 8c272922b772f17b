import { z } from 'zod';
import { redisUrlForLog } from './redis';
import type { Logger } from './runtime';
import type { Triad } from './triad';

/** The worker process's own variables, merged into its env schema by whichever app runs workers (`triad worker`). */
export const WorkerEnv = z.object({
  TRIAD_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** A crashed worker's jobs are taken over after about this long. */
  TRIAD_LOCK_DURATION_MS: z.coerce.number().int().positive().default(30_000),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/**
 * Runs every stage's BullMQ worker until SIGTERM or SIGINT, then lets the jobs in hand finish, closes Triad and
 * resolves. `process.send({ type: 'ready' })` tells a parent process (tests, a supervisor) when jobs are taken.
 */
export async function runWorkersUntilSignal(triad: Triad, env: WorkerEnv, logger: Logger): Promise<void> {
  const pool = await triad.startWorkers({ lockDurationMs: env.TRIAD_LOCK_DURATION_MS, warmUp: true });
  logger.info(
    { prefix: triad.runtime.config.prefix, redis: redisUrlForLog(triad.runtime.config.redisUrl) },
    'triad worker ready',
  );
  process.send?.({ type: 'ready' });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'closing workers: finishing the jobs in hand');
  await pool.close();
  await triad.close();
}
