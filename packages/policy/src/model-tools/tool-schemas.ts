import { z } from 'zod';

const path = z.string().min(1).describe('Repository-relative POSIX path, e.g. apps/media/jellyfin/deployment.yaml.');

/** Input schemas of the model-facing repo tools: what a model may pass, validated before anything runs. */
export const TOOL_INPUTS = {
  repo_list: z.object({
    glob: z.string().optional().describe('Glob over paths, e.g. apps/**/*.yaml; all files when absent.'),
  }),
  repo_read: z.object({ path }),
  repo_edit: z.object({
    path,
    old_text: z.string().min(1).describe('Exact text to replace; it must occur exactly once in the file.'),
    new_text: z.string().describe('Replacement text.'),
  }),
  repo_write: z.object({ path, content: z.string().describe('The whole new content of the file.') }),
  repo_remove: z.object({ path }),
  repo_diff: z.object({}),
  repo_check: z.object({}),
  repo_fix_findings: z.object({
    finding_ids: z
      .string()
      .min(1)
      .describe(
        'Ids of the findings to fix, separated by spaces or commas, e.g. hardcoded-credential/Deployment/ai/app/app/DB_PASSWORD.',
      ),
  }),
} as const;

export type ModelToolName = keyof typeof TOOL_INPUTS;

export const TOOL_DESCRIPTIONS: Record<ModelToolName, string> = {
  repo_list: 'List the files of the working copy, optionally filtered by a glob.',
  repo_read:
    'Read one file with your edits so far. SOPS-encrypted files show their structure with every value masked; they are never decrypted.',
  repo_edit:
    'Replace text that occurs exactly once in a file (like str_replace). Nothing reaches disk until the change is applied.',
  repo_write: 'Create a file or replace its whole content.',
  repo_remove: 'Remove a file from the working copy.',
  repo_diff: 'Show the unified diff of your edits so far.',
  repo_check:
    'Run the guardrails and the validation on your edits so far (paths, secrets, privileges, size, YAML, kustomize and Flux build) and list what would be refused.',
  repo_fix_findings:
    "Apply Triad's built-in fix for findings to the working copy. Use it for credentials (hardcoded-credential, plaintext-secret): it moves each value into a SOPS-encrypted Secret for the repository's age recipients without you ever seeing it, references it with secretKeyRef, and wires kustomization.yaml and Flux decryption. Returns what it changed and a commit message to submit.",
};
