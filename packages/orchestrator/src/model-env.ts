import { z } from 'zod';
import type { ModelSettings } from './agents';
import { envFlag } from './runtime-env';

/** An optional setting; empty counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/**
 * The environment variables of the model-backed roles, for each app's env.ts to merge into its own schema (apps read
 * the environment; this only names and parses the variables, so the CLI, the worker and the server agree on them).
 */
export const ModelEnv = z.object({
  TRIAD_LEAD_MODEL: z.string().default('builtin'),
  TRIAD_COLEAD_MODEL: z.string().default('builtin'),
  TRIAD_CIO_MODEL: z.string().default('builtin'),
  /** Provider keys and base URLs: passed to the model-backed roles, never stored. */
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  GEMINI_API_KEY: optionalText,
  GOOGLE_API_KEY: optionalText,
  GOOGLE_GEMINI_BASE_URL: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  /** Model calls per minute of each role, across every process on the same Redis; unlimited when unset. */
  TRIAD_LEAD_RPM: z.coerce.number().int().positive().optional(),
  TRIAD_COLEAD_RPM: z.coerce.number().int().positive().optional(),
  TRIAD_CIO_RPM: z.coerce.number().int().positive().optional(),
  /** `1`/`true`: anonymise namespaces, names and hostnames before anything reaches a model. */
  TRIAD_ANONYMISE: envFlag(),
});
export type ModelEnv = z.infer<typeof ModelEnv>;

/** Keys and base URLs of the model providers, as the runtime takes them. */
export function modelSettings(env: ModelEnv): ModelSettings {
  return {
    providers: {
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL },
      google: { apiKey: env.GEMINI_API_KEY ?? env.GOOGLE_API_KEY, baseURL: env.GOOGLE_GEMINI_BASE_URL },
      openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL },
    },
    anonymise: env.TRIAD_ANONYMISE,
    callLimits: {
      ...perMinute('lead', env.TRIAD_LEAD_RPM),
      ...perMinute('coLead', env.TRIAD_COLEAD_RPM),
      ...perMinute('cio', env.TRIAD_CIO_RPM),
    },
  };
}

function perMinute(role: 'lead' | 'coLead' | 'cio', max: number | undefined) {
  return max ? { [role]: { max, windowMs: 60_000 } } : {};
}
