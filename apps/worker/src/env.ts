import { ForgeEnv, LayoutEnv, ModelEnv, parseEnv, StateEnv, WorkerEnv } from '@triad/orchestrator';
import { z } from 'zod';

/** The worker's whole configuration, read from the environment once, here and nowhere else. */
const Env = z
  .object({
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .extend(WorkerEnv.shape)
  .extend(StateEnv.shape)
  .extend(ModelEnv.shape)
  .extend(ForgeEnv.shape)
  .extend(LayoutEnv.shape);
export type Env = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(Env, source);
}
