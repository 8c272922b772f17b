import { afterEach, describe, expect, it } from 'vitest';
import { costOf, createAnthropic, generateObject } from '../src';
import { anthropicWire, type LoopbackServer, startLoopback } from '../src/test-support';
import { fixtures } from './fixtures';
import { describeModelConformance, Verdict } from './model-conformance';

const FIXTURES = fixtures('anthropic');
const model = (server: LoopbackServer) =>
  createAnthropic({ apiKey: 'sk-ant-test', baseURL: server.url })('claude-sonnet-4-6');

describeModelConformance({
  name: 'anthropic',
  wire: anthropicWire,
  fixtures: FIXTURES,
  create: model,
  // The SDK sends the key as `x-api-key` or, in its newer releases, as a bearer token.
  credential: (request) =>
    (request.headers['x-api-key'] as string | undefined) ??
    String(request.headers.authorization).replace(/^Bearer /, ''),
  apiKey: 'sk-ant-test',
  path: /^\/v1\/messages$/,
});

describe('anthropic adapter, provider specifics', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  it('marks the system prompt and the context with cache_control, so a session pays for its prefix once', async () => {
    server = await startLoopback(() => FIXTURES.text);
    const response = await model(server).generate({
      system: 'SYSTEM',
      context: 'CLUSTER',
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 100,
    });
    const body = server.requests[0]?.body as { system: unknown[]; model: string };
    expect(body.model).toBe('claude-sonnet-4-6');
    expect(body.system).toEqual([
      { type: 'text', text: 'SYSTEM', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'CLUSTER', cache_control: { type: 'ephemeral' } },
    ]);
    // 100 tokens read from the cache are priced apart from the 20 fresh ones.
    expect(response.usage).toEqual({ input: 20, output: 8, cached: 100 });
  });

  it('reports the tokens written to the cache apart, and prices them at 1.25× input', async () => {
    const text = FIXTURES.text as { body: { usage: object } };
    server = await startLoopback(() => ({
      ...text,
      body: {
        ...text.body,
        usage: { ...text.body.usage, cache_creation_input_tokens: 1000, cache_read_input_tokens: 0 },
      },
    }));
    const response = await model(server).generate({
      system: 'SYSTEM',
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 100,
    });
    expect(response.usage).toEqual({ input: 1020, output: 8, cached: 0, cacheWrites: 1000 });
    expect(costOf(response.model, response.usage)).toBeCloseTo((20 * 3 + 1000 * 3.75 + 8 * 15) / 1_000_000, 12);
  });

  it('asks for structured output as one forced tool whose input is the answer', async () => {
    server = await startLoopback(() => FIXTURES.structured);
    await generateObject(model(server), {
      system: 'S',
      messages: [{ role: 'user', content: 'review' }],
      maxTokens: 100,
      schema: Verdict,
      name: 'verdict',
      description: 'The verdict.',
    });
    const body = server.requests[0]?.body as { tools: Array<{ name: string }>; tool_choice: unknown };
    expect(body.tools.map((tool) => tool.name)).toEqual(['verdict']);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'verdict' });
  });
});
