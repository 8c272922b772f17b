import { LayoutEnv, ModelEnv, StateEnv } from '@triad/orchestrator';
import { z } from 'zod';

/** The CLI's configuration from the environment, read once, here. */
const Env = z
  .object({
    TRIAD_USER: z.string().default(process.env.USER ?? 'cli'),
    /** `1`/`true`: critical changes of the sessions started here need two different approvers. */
    TRIAD_FOUR_EYES: z
      .string()
      .optional()
      .transform((value) => value === '1' || value?.toLowerCase() === 'true'),
  })
  .extend(StateEnv.shape)
  .extend(ModelEnv.shape)
  .extend(LayoutEnv.shape);
export type CliEnv = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** A mistake the person at the terminal can fix: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
