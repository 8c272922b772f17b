import { afterEach, describe, expect, it } from 'vitest';
import { createRoleModel, ModelCallAborted } from '../src';
import { type StubProvider, startStubProvider } from '../src/test-support';

describe('a role model with a fallback (real SDKs on loopback)', () => {
  const servers: StubProvider[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('answers with the fallback when the primary keeps failing, and says which model answered', async () => {
    const anthropic = await startStubProvider('anthropic', () => ({
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    }));
    const openai = await startStubProvider('openai', () => ({
      text: 'from the fallback',
      usage: { input: 10, output: 2 },
    }));
    servers.push(anthropic, openai);
    const fellBack: string[] = [];
    const model = createRoleModel(
      'anthropic:claude-sonnet-4-6,openai:gpt-4.1',
      { anthropic: { apiKey: 'a', baseURL: anthropic.url }, openai: { apiKey: 'o', baseURL: `${openai.url}/v1` } },
      {
        retry: { maxAttempts: 2, sleep: async () => {} },
        onFallback: (from, to) => void fellBack.push(`${from} -> ${to}`),
      },
    );
    const response = await model.generate({ system: 's', messages: [{ role: 'user', content: 'hi' }], maxTokens: 10 });
    expect(response).toMatchObject({ model: 'openai:gpt-4.1', text: 'from the fallback' });
    expect(anthropic.requests).toHaveLength(2);
    expect(fellBack).toEqual(['anthropic:claude-sonnet-4-6 -> openai:gpt-4.1']);
  });

  it('does not fall back when the caller aborted', async () => {
    const anthropic = await startStubProvider('anthropic', () => ({ hang: true }));
    const openai = await startStubProvider('openai', () => ({ text: 'never' }));
    servers.push(anthropic, openai);
    const model = createRoleModel('anthropic:claude-sonnet-4-6,openai:gpt-4.1', {
      anthropic: { apiKey: 'a', baseURL: anthropic.url },
      openai: { apiKey: 'o', baseURL: `${openai.url}/v1` },
    });
    const controller = new AbortController();
    const call = model.generate({
      system: 's',
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 10,
      signal: controller.signal,
    });
    controller.abort(new Error('deadline'));
    await expect(call).rejects.toBeInstanceOf(ModelCallAborted);
    expect(openai.requests).toHaveLength(0);
  });

  it('refuses a provider without its key, naming the variable to set', () => {
    expect(() => createRoleModel('google:gemini-2.5-pro', {}, { label: 'Co-Lead' })).toThrowError(
      'Co-Lead is set to "google:gemini-2.5-pro" but GEMINI_API_KEY (or GOOGLE_API_KEY) is not set: export it, or set the role to builtin',
    );
    expect(() => createRoleModel('openai-compatible:llama3@http://127.0.0.1:11434/v1', {})).not.toThrow();
  });
});
