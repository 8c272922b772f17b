import { createTriad, type Triad } from '@triad/orchestrator';
import type { CliEnv } from './env';

/** Connects to Redis (with a one-line hint when nothing answers) and builds Triad for one command. */
export function connectTriad(env: CliEnv): Promise<Triad> {
  return createTriad(env, {
    process: 'cli',
    // One line on stderr while Redis is away (every client keeps retrying), and one when it is back: never a stack.
    onRedisNotice: (notice) => process.stderr.write(`triad: ${notice.message}\n`),
  });
}

export async function withTriad<T>(env: CliEnv, work: (triad: Triad) => Promise<T>): Promise<T> {
  const triad = await connectTriad(env);
  try {
    return await work(triad);
  } finally {
    await triad.close();
  }
}
