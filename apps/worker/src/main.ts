import { createTriad, runWorkersUntilSignal } from '@triad/orchestrator';
import { pino } from 'pino';
import { readEnv } from './env';

const env = readEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { pid: process.pid } });
createTriad(env, {
  process: 'worker',
  logger,
  onModelFallback: (primary, fallback, error) =>
    logger.warn({ primary, fallback, err: error }, `${primary} failed; ${fallback} answered instead`),
})
  .then((triad) => runWorkersUntilSignal(triad, env, logger))
  .then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`triad-worker: ${error.message}`);
      process.exit(2);
    },
  );
