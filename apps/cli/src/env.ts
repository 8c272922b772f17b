import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSettings } from '@triad/orchestrator';
import { z } from 'zod';

/** An optional setting; empty counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** The CLI's configuration from the environment, read once, here. */
const Env = z.object({
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  TRIAD_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - and _')
    .default('triad'),
  TRIAD_WORKDIR: z.string().default(join(tmpdir(), 'triad-work')),
  TRIAD_USER: z.string().default(process.env.USER ?? 'cli'),
  TRIAD_LEAD_MODEL: z.string().default('builtin'),
  TRIAD_COLEAD_MODEL: z.string().default('builtin'),
  TRIAD_CIO_MODEL: z.string().default('builtin'),
  /** Model provider keys and base URLs: passed to the model-backed roles, never stored. */
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  GEMINI_API_KEY: optionalText,
  GOOGLE_API_KEY: optionalText,
  GOOGLE_GEMINI_BASE_URL: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  /** `1`/`true`: critical changes of the sessions started here need two different approvers. */
  TRIAD_FOUR_EYES: z
    .string()
    .optional()
    .transform((value) => value === '1' || value?.toLowerCase() === 'true'),
  /** `1`/`true`: anonymise namespaces, names and hostnames before anything reaches a model. */
  TRIAD_ANONYMISE: z
    .string()
    .optional()
    .transform((value) => value === '1' || value?.toLowerCase() === 'true'),
});
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

/** Keys and base URLs of the model providers, as the orchestrator takes them. */
export function modelSettings(env: {
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  GEMINI_API_KEY?: string;
  GOOGLE_API_KEY?: string;
  GOOGLE_GEMINI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  TRIAD_ANONYMISE: boolean;
}): ModelSettings {
  return {
    providers: {
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL },
      google: { apiKey: env.GEMINI_API_KEY ?? env.GOOGLE_API_KEY, baseURL: env.GOOGLE_GEMINI_BASE_URL },
      openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL },
    },
    anonymise: env.TRIAD_ANONYMISE,
  };
}
