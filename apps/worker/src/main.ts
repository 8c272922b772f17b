import { pino } from 'pino';
import { readEnv } from './env';
import { runWorker } from './run';

const env = readEnv();
runWorker(env, pino({ level: env.LOG_LEVEL, base: { pid: process.pid } })).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`triad-worker: ${error.message}`);
    process.exit(2);
  },
);
