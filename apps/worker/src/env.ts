import { ForgeEnv, LayoutEnv, ModelEnv, parseEnv, StateEnv } from '@triad/orchestrator';
import { z } from 'zod';

/** The worker's whole configuration, read from the environment once, here and nowhere else. */
const Env = z
  .object({
    TRIAD_CONCURRENCY: z.coerce.number().int().positive().default(2),
    /** A crashed worker's jobs are taken over after about this long. */
    TRIAD_LOCK_DURATION_MS: z.coerce.number().int().positive().default(30_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .extend(StateEnv.shape)
  .extend(ModelEnv.shape)
  .extend(ForgeEnv.shape)
  .extend(LayoutEnv.shape);
export type Env = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(Env, source);
}
