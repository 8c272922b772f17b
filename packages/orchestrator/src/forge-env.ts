import { z } from 'zod';
import type { ForgeTokens } from './runtime';

/** An optional token; empty counts as unset. */
const token = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/**
 * The forge tokens of pr mode, for each app's env.ts to merge into its own schema: the CLI and server check them when
 * a pr-mode session starts, the workers use them to open and follow pull requests. Never stored with a session.
 */
export const ForgeEnv = z.object({
  GITHUB_TOKEN: token,
  GITEA_TOKEN: token,
  GITLAB_TOKEN: token,
});
export type ForgeEnv = z.infer<typeof ForgeEnv>;

/** The tokens as the runtime takes them, by forge kind. */
export function forgeTokens(env: ForgeEnv): ForgeTokens {
  return {
    ...(env.GITHUB_TOKEN ? { github: env.GITHUB_TOKEN } : {}),
    ...(env.GITEA_TOKEN ? { gitea: env.GITEA_TOKEN } : {}),
    ...(env.GITLAB_TOKEN ? { gitlab: env.GITLAB_TOKEN } : {}),
  };
}
