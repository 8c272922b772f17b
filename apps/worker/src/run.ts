import { join } from 'node:path';
import {
  assertRedisReachable,
  createRuntime,
  forgeTokens,
  type Logger,
  layoutConfig,
  modelSettings,
  startWorkers,
} from '@triad/orchestrator';
import type { Env } from './env';

/**
 * Runs every stage's BullMQ worker until SIGTERM or SIGINT, then lets the jobs in hand finish and resolves.
 * Shared by the `triad-worker` process and `triad worker`.
 */
export async function runWorker(env: Env, logger: Logger): Promise<void> {
  await assertRedisReachable(env.REDIS_URL);
  const runtime = createRuntime({
    config: {
      redisUrl: env.REDIS_URL,
      prefix: env.TRIAD_PREFIX,
      // Each process keeps its own clones: two workers on one machine never share a working tree.
      workdir: join(env.TRIAD_WORKDIR, `worker-${process.pid}`),
      ...layoutConfig(env),
      concurrency: env.TRIAD_CONCURRENCY,
    },
    logger,
    forgeTokens: forgeTokens(env),
    models: {
      ...modelSettings(env),
      onFallback: (primary, fallback, error) =>
        logger.warn({ primary, fallback, err: error }, `${primary} failed; ${fallback} answered instead`),
    },
  });
  const pool = await startWorkers(runtime, { lockDurationMs: env.TRIAD_LOCK_DURATION_MS });
  logger.info({ prefix: env.TRIAD_PREFIX, redis: env.REDIS_URL }, 'triad worker ready');
  process.send?.({ type: 'ready' });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'closing workers: finishing the jobs in hand');
  await pool.close();
  await runtime.close();
}
