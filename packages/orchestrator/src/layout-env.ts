import { z } from 'zod';

/** Where in the GitOps repo sessions write: each app merges these into its env schema and passes them to the runtime. */
export const LayoutEnv = z.object({
  /** Folder of the session reports, committed at each session's end. */
  TRIAD_REPORT_DIR: z.string().min(1).default('docs/sessions'),
  /** Folder of the ADRs when the repo has none yet (an existing docs/adr, docs/decisions, adr… is detected). */
  TRIAD_ADR_DIR: z.string().min(1).default('docs/adr'),
});
export type LayoutEnv = z.infer<typeof LayoutEnv>;

export function layoutConfig(env: LayoutEnv) {
  return { reportDir: env.TRIAD_REPORT_DIR.replace(/\/+$/, ''), adrDir: env.TRIAD_ADR_DIR.replace(/\/+$/, '') };
}
