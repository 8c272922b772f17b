import { pino } from 'pino';
import { readEnv } from './env';
import { serveUntilSignal } from './server';

const env = readEnv();
const logger = pino({ level: env.LOG_LEVEL, ...(process.stdout.isTTY ? {} : { base: { pid: process.pid } }) });
serveUntilSignal(env, logger).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`triad-server: ${error.message}`);
    process.exit(2);
  },
);
