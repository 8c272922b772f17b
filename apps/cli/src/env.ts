import { envFlag, ForgeEnv, LayoutEnv, ModelEnv, parseEnv, StateEnv, WorkerEnv } from '@triad/orchestrator';
import { z } from 'zod';
import { UsageError } from './usage-error';

export { UsageError };

/** The CLI's configuration from the environment, read once, here. */
const Env = z
  .object({
    TRIAD_USER: z.string().default(process.env.USER ?? 'cli'),
    /** `1`/`true`: critical changes of the sessions started here need two different approvers. */
    TRIAD_FOUR_EYES: envFlag(),
    /** The longest `--duration` or `--approval-timeout` accepted, as a duration (`14d`); 7 days when unset. */
    TRIAD_MAX_DURATION: z.string().optional(),
  })
  .extend(StateEnv.shape)
  .extend(ModelEnv.shape)
  .extend(ForgeEnv.shape)
  .extend(LayoutEnv.shape);
export type CliEnv = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  return parseEnv(Env, source, (message) => new UsageError(message));
}

/** `triad worker`'s configuration: the CLI's, plus the worker process's own variables and its log level. */
const WorkerProcessEnv = Env.extend(WorkerEnv.shape).extend({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type WorkerProcessEnv = z.infer<typeof WorkerProcessEnv>;

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerProcessEnv {
  return parseEnv(WorkerProcessEnv, source, (message) => new UsageError(message));
}
