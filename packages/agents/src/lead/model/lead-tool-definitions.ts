import type { ToolDefinition } from '@triad/llm';
import { MODEL_TOOLS } from '@triad/policy';
import { CLUSTER_KINDS } from '@triad/tools';
import { z } from 'zod';

const KINDS = Object.keys(CLUSTER_KINDS) as [string, ...string[]];

/** Inputs of the tools only the Lead has, as zod schemas: the JSON Schemas models see are generated from them. */
export const LEAD_TOOL_INPUTS = {
  get_cluster_object: z
    .object({
      kind: z.enum(KINDS).describe('Kind of the object.'),
      namespace: z.string().describe('Namespace; empty for cluster-scoped.'),
      name: z.string().describe('Name.'),
    })
    .strict(),
  submit_proposal: z
    .object({
      commit_message: z.string().describe('Subject line under 72 characters, a blank line, then why.'),
      addresses: z.array(z.string()).describe('Finding ids the change fixes.'),
      adr: z
        .object({ title: z.string(), context: z.string(), decision: z.string(), consequences: z.string() })
        .strict()
        .nullable()
        .describe('An Architecture Decision Record when the change is a decision; null otherwise.'),
    })
    .strict(),
  give_up: z.object({ reason: z.string().describe('Why, in one sentence.'), nothing_to_do: z.boolean() }).strict(),
} as const;

const DESCRIPTIONS: Record<keyof typeof LEAD_TOOL_INPUTS, string> = {
  get_cluster_object: 'Read one object from the cluster (read-only; Secrets show metadata only).',
  submit_proposal:
    'Finish the draft: your edits so far become the proposal the Co-Lead and the CIO judge. Refused, with the reasons, while repo_check finds problems.',
  give_up: 'Finish without a change: the problem is already gone (nothing_to_do true), or no safe change exists.',
};

/** The tools only the Lead has: look at the cluster, and finish the draft. */
export const FINISH_AND_CLUSTER_TOOLS: ToolDefinition[] = (
  Object.keys(LEAD_TOOL_INPUTS) as Array<keyof typeof LEAD_TOOL_INPUTS>
).map((name) => {
  const { $schema: _schema, ...inputSchema } = z.toJSONSchema(LEAD_TOOL_INPUTS[name]) as Record<string, unknown>;
  return { name, description: DESCRIPTIONS[name], inputSchema };
});

/** Everything the Lead drafts with: the tool layer's repo tools, then the cluster read and the two ways to finish. */
export const LEAD_TOOLS: ToolDefinition[] = [...MODEL_TOOLS, ...FINISH_AND_CLUSTER_TOOLS];
