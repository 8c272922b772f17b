import type { ToolDefinition } from '@triad/llm';
import { CLUSTER_KINDS, MODEL_TOOLS } from '@triad/tools';

const object = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const text = (description: string) => ({ type: 'string', description });

/** The tools only the Lead has: look at the cluster, and finish the draft. */
export const FINISH_AND_CLUSTER_TOOLS: ToolDefinition[] = [
  {
    name: 'get_cluster_object',
    description: 'Read one object from the cluster (read-only; Secrets show metadata only).',
    inputSchema: object(
      {
        kind: { type: 'string', enum: Object.keys(CLUSTER_KINDS), description: 'Kind of the object.' },
        namespace: text('Namespace; empty for cluster-scoped.'),
        name: text('Name.'),
      },
      ['kind', 'namespace', 'name'],
    ),
  },
  {
    name: 'submit_proposal',
    description:
      'Finish the draft: your edits so far become the proposal the Co-Lead and the CIO judge. Refused, with the reasons, while repo_check finds problems.',
    inputSchema: object(
      {
        commit_message: text('Subject line under 72 characters, a blank line, then why.'),
        addresses: { type: 'array', items: { type: 'string' }, description: 'Finding ids the change fixes.' },
        adr: {
          type: ['object', 'null'],
          description: 'An Architecture Decision Record when the change is a decision; null otherwise.',
          properties: {
            title: { type: 'string' },
            context: { type: 'string' },
            decision: { type: 'string' },
            consequences: { type: 'string' },
          },
          required: ['title', 'context', 'decision', 'consequences'],
          additionalProperties: false,
        },
      },
      ['commit_message', 'addresses', 'adr'],
    ),
  },
  {
    name: 'give_up',
    description: 'Finish without a change: the problem is already gone (nothing_to_do true), or no safe change exists.',
    inputSchema: object({ reason: text('Why, in one sentence.'), nothing_to_do: { type: 'boolean' } }, [
      'reason',
      'nothing_to_do',
    ]),
  },
];

/** Everything the Lead drafts with: the tool layer's repo tools, then the cluster read and the two ways to finish. */
export const LEAD_TOOLS: ToolDefinition[] = [...MODEL_TOOLS, ...FINISH_AND_CLUSTER_TOOLS];
