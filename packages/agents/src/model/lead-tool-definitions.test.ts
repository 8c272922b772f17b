import { describe, expect, it } from 'vitest';
import { LEAD_TOOLS } from './lead-tool-definitions';
import { loadSystemPrompt } from './system-prompt';

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
});
