import { describe, expect, it } from 'vitest';
import { loadSystemPrompt } from '../../shared/system-prompt';
import { LEAD_TOOL_INPUTS, LEAD_TOOLS } from './lead-tool-definitions';

describe('the Lead prompt and its tools', () => {
  it('speak one vocabulary: the prompt names every tool, and no tool or input the Lead does not have', () => {
    const { text } = loadSystemPrompt('lead');
    const known = new Set(
      LEAD_TOOLS.flatMap((tool) => [tool.name, ...Object.keys((tool.inputSchema.properties ?? {}) as object)]),
    );
    const named = [...text.matchAll(/`([a-z]+_[a-z_]+)`/g)].map((match) => match[1]);
    expect(named.filter((name) => !known.has(name!))).toEqual([]);
    for (const tool of LEAD_TOOLS) expect(text).toContain(`\`${tool.name}\``);
  });

  it('gives every Lead tool a JSON Schema generated from its zod input, closed to extra fields', () => {
    const schema = (name: string) =>
      LEAD_TOOLS.find((tool) => tool.name === name)?.inputSchema as Record<string, unknown>;
    expect(schema('submit_proposal')).toMatchObject({
      type: 'object',
      required: ['commit_message', 'addresses', 'adr'],
      additionalProperties: false,
    });
    expect(schema('give_up')).toMatchObject({ required: ['reason', 'nothing_to_do'], additionalProperties: false });
    for (const tool of LEAD_TOOLS) expect(tool.inputSchema, tool.name).not.toHaveProperty('$schema');
    // The zod schema accepts what the JSON Schema describes: an ADR or null.
    const submit = { commit_message: 'Fix\n\nWhy.', addresses: ['a/b'], adr: null };
    expect(LEAD_TOOL_INPUTS.submit_proposal.safeParse(submit).success).toBe(true);
    expect(LEAD_TOOL_INPUTS.submit_proposal.safeParse({ ...submit, extra: 1 }).success).toBe(false);
    expect(LEAD_TOOL_INPUTS.get_cluster_object.safeParse({ kind: 'Secret?', namespace: '', name: 'x' }).success).toBe(
      false,
    );
  });
});
