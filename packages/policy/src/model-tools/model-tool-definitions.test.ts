import { describe, expect, it } from 'vitest';
import { MODEL_TOOLS } from './model-tool-definitions';

describe('model tools', () => {
  it('are JSON-schema tool definitions generated from their zod schemas', () => {
    expect(MODEL_TOOLS.map((t) => t.name)).toEqual([
      'repo_list',
      'repo_read',
      'repo_edit',
      'repo_write',
      'repo_remove',
      'repo_diff',
      'repo_check',
      'repo_fix_findings',
    ]);
    const edit = MODEL_TOOLS.find((t) => t.name === 'repo_edit');
    expect(edit?.inputSchema).toMatchObject({
      type: 'object',
      properties: {
        path: { type: 'string' },
        old_text: { type: 'string', minLength: 1 },
        new_text: { type: 'string' },
      },
      required: ['path', 'old_text', 'new_text'],
      additionalProperties: false,
    });
    for (const tool of MODEL_TOOLS) expect(tool.description.length).toBeGreaterThan(20);
  });
});
