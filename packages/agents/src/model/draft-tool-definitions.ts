import type { ToolDefinition } from '@triad/llm';

const object = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const text = (description: string) => ({ type: 'string', description });

/** The Lead's drafting tools: read and change the repository's working copy, look at the cluster, finish. */
export const DRAFT_TOOLS: ToolDefinition[] = [
  {
    name: 'list_files',
    description: 'List the repository files under a directory (all files when prefix is empty).',
    inputSchema: object({ prefix: text('Directory, e.g. apps/media; empty for all.') }, ['prefix']),
  },
  {
    name: 'read_file',
    description: 'Read one file of the working copy, with your edits so far.',
    inputSchema: object({ path: text('Repository-relative path.') }, ['path']),
  },
  {
    name: 'edit_file',
    description: 'Replace old_text, which must occur exactly once in the file, with new_text.',
    inputSchema: object(
      {
        path: text('Repository-relative path.'),
        old_text: text('Exact text to replace.'),
        new_text: text('Replacement.'),
      },
      ['path', 'old_text', 'new_text'],
    ),
  },
  {
    name: 'write_file',
    description: 'Create a file or replace its whole content.',
    inputSchema: object({ path: text('Repository-relative path.'), content: text('The whole new content.') }, [
      'path',
      'content',
    ]),
  },
  {
    name: 'delete_file',
    description: 'Remove a file from the repository.',
    inputSchema: object({ path: text('Repository-relative path.') }, ['path']),
  },
  {
    name: 'get_cluster_object',
    description: 'Read one object from the cluster (read-only; Secrets show metadata only).',
    inputSchema: object(
      {
        kind: text('Kind, e.g. Deployment, Kustomization.'),
        namespace: text('Namespace; empty for cluster-scoped.'),
        name: text('Name.'),
      },
      ['kind', 'namespace', 'name'],
    ),
  },
  {
    name: 'submit_proposal',
    description: 'Finish the draft: your edits so far become the proposal the Co-Lead and the CIO judge.',
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
