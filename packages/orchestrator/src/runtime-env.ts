import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where Triad keeps its state: the variables every app (CLI, worker, server) merges into its env schema, so they
 * agree on names and defaults. Apps read the environment; this only names and parses the variables.
 */
export const StateEnv = z.object({
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key and queue: deployments (or tests) sharing one Redis keep apart by it. */
  TRIAD_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - and _')
    .default('triad'),
  /** Where working clones are kept; each process uses a folder of its own below it. */
  TRIAD_WORKDIR: z.string().default(join(tmpdir(), 'triad-work')),
});
export type StateEnv = z.infer<typeof StateEnv>;

/** Where in the GitOps repo sessions write, and how: each app merges these into its env schema and passes them to the runtime. */
export const LayoutEnv = z.object({
  /** Folder of the session reports, committed at each session's end. */
  TRIAD_REPORT_DIR: z.string().min(1).default('docs/sessions'),
  /** Folder of the ADRs when the repo has none yet (an existing docs/adr, docs/decisions, adr… is detected). */
  TRIAD_ADR_DIR: z.string().min(1).default('docs/adr'),
  /** Most approved tasks of a session one push lands (a commit each) when no cluster verifies each alone; 1: one by one. */
  TRIAD_APPLY_BATCH: z.coerce.number().int().positive().max(100).default(20),
});
export type LayoutEnv = z.infer<typeof LayoutEnv>;

const YES = ['1', 'true', 'yes', 'on'];
const NO = ['0', 'false', 'no', 'off'];

/** A yes/no variable: 1/true/yes/on or 0/false/no/off in any case; unset or empty is `fallback`. */
export const envFlag = (fallback = false) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      const word = value?.trim().toLowerCase() ?? '';
      if (word === '') return fallback;
      if (YES.includes(word)) return true;
      if (NO.includes(word)) return false;
      context.addIssue({
        code: 'custom',
        message: `"${value}" is not yes or no: use 1 or 0, true or false, yes or no`,
      });
      return z.NEVER;
    });

/** Parses an app's environment with its schema; a bad variable becomes one line that names it, made by `toError`. */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: NodeJS.ProcessEnv,
  toError: (message: string) => Error = (message) => new Error(message),
): z.infer<Schema> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw toError(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
}

export function layoutConfig(env: LayoutEnv) {
  return {
    reportDir: env.TRIAD_REPORT_DIR.replace(/\/+$/, ''),
    adrDir: env.TRIAD_ADR_DIR.replace(/\/+$/, ''),
    applyBatch: env.TRIAD_APPLY_BATCH,
  };
}
