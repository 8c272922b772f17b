import { describe, expect, it } from 'vitest';
import { parseRoleModelSpec } from './model-spec';

describe('parseRoleModelSpec', () => {
  it('reads each provider, an openai-compatible base URL and a fallback after a comma', () => {
    expect(parseRoleModelSpec('anthropic:claude-sonnet-4-6')).toEqual({
      primary: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    });
    expect(parseRoleModelSpec('openai-compatible:llama3.1:8b@http://127.0.0.1:11434/v1')).toEqual({
      primary: { provider: 'openai-compatible', model: 'llama3.1:8b', baseURL: 'http://127.0.0.1:11434/v1' },
    });
    expect(parseRoleModelSpec('google:gemini-2.5-pro, openai:gpt-4.1')).toEqual({
      primary: { provider: 'google', model: 'gemini-2.5-pro' },
      fallback: { provider: 'openai', model: 'gpt-4.1' },
    });
  });

  it('refuses what it cannot read, in one line that shows the format', () => {
    for (const bad of ['claude', 'mistral:large', 'openai:', 'openai-compatible:llama3', 'a:b,c:d,e:f', 'openai:x,']) {
      expect(() => parseRoleModelSpec(bad), bad).toThrowError(/not understood: use builtin/);
    }
  });
});
