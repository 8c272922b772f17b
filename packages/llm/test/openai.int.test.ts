import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAi, generateObject } from '../src';
import { type LoopbackServer, openaiWire, startLoopback } from '../src/test-support';
import { fixtures } from './fixtures';
import { describeModelConformance, Verdict } from './model-conformance';

const FIXTURES = fixtures('openai');
const model = (server: LoopbackServer) =>
  createOpenAi({ apiKey: 'sk-openai-test', baseURL: `${server.url}/v1` })('o3-mini');

describeModelConformance({
  name: 'openai',
  wire: openaiWire,
  fixtures: FIXTURES,
  create: model,
  credential: (request) => String(request.headers.authorization ?? '').replace(/^Bearer /, ''),
  apiKey: 'sk-openai-test',
  path: /^\/v1\/chat\/completions$/,
});

describeModelConformance({
  name: 'openai-compatible',
  wire: openaiWire,
  fixtures: FIXTURES,
  create: (server) => createOpenAi({ baseURL: `${server.url}/v1`, flavour: 'openai-compatible' })('llama3.1:8b'),
  credential: (request) => String(request.headers.authorization ?? '').replace(/^Bearer /, ''),
  apiKey: 'not-needed',
  path: /^\/v1\/chat\/completions$/,
});

describe('openai adapter, provider specifics', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  const ask = (m: ReturnType<typeof model>) =>
    generateObject(m, {
      system: 'S',
      messages: [{ role: 'user', content: 'assess' }],
      maxTokens: 2000,
      reasoningEffort: 'high',
      schema: Verdict,
      name: 'verdict',
      description: 'The verdict.',
    });

  it('sends a strict json_schema, max_completion_tokens and reasoning_effort to an o-series model', async () => {
    server = await startLoopback(() => FIXTURES.structured);
    await ask(model(server));
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'o3-mini',
      max_completion_tokens: 2000,
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true } },
    });
    expect(body.max_tokens).toBeUndefined();
  });

  it('speaks the common subset to OpenAI-compatible servers: max_tokens, no reasoning_effort', async () => {
    server = await startLoopback(() => FIXTURES.structured);
    const local = createOpenAi({ baseURL: `${server.url}/v1`, flavour: 'openai-compatible' })('qwen2.5:14b');
    expect(local.spec).toBe(`openai-compatible:qwen2.5:14b@${server.url}/v1`);
    await ask(local);
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body.max_tokens).toBe(2000);
    expect(body.max_completion_tokens).toBeUndefined();
    expect(body.reasoning_effort).toBeUndefined();
  });
});
