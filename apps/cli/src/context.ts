import { join } from 'node:path';
import {
  assertRedisReachable,
  createRuntime,
  forgeTokens,
  layoutConfig,
  modelSettings,
  type Runtime,
} from '@triad/orchestrator';
import type { CliEnv } from './env';

/** Connects to Redis (with a one-line hint when nothing answers) and builds the orchestrator's runtime. */
export async function connectRuntime(env: CliEnv): Promise<Runtime> {
  await assertRedisReachable(env.REDIS_URL);
  return createRuntime({
    config: {
      redisUrl: env.REDIS_URL,
      prefix: env.TRIAD_PREFIX,
      workdir: join(env.TRIAD_WORKDIR, `cli-${process.pid}`),
      ...layoutConfig(env),
    },
    models: modelSettings(env),
    forgeTokens: forgeTokens(env),
    // One line on stderr while Redis is away (every client keeps retrying), and one when it is back: never a stack.
    onRedisNotice: (notice) => process.stderr.write(`triad: ${notice.message}\n`),
  });
}

export async function withRuntime<T>(env: CliEnv, work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await connectRuntime(env);
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}
