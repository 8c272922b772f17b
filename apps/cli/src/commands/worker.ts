import { createTriad, runWorkersUntilSignal } from '@triad/orchestrator';
import { pino } from 'pino';
import { readWorkerEnv } from '../env';

/** `triad worker`: every stage's workers until SIGTERM/SIGINT, the same loop as apps/worker (in @triad/orchestrator). */
export async function worker() {
  const env = readWorkerEnv();
  const logger = pino({ level: env.LOG_LEVEL });
  const triad = await createTriad(env, {
    process: 'worker',
    logger,
    onModelFallback: (primary, fallback, error) =>
      logger.warn({ primary, fallback, err: error }, `${primary} failed; ${fallback} answered instead`),
  });
  await runWorkersUntilSignal(triad, env, logger);
}
