import { afterEach, describe, expect, it } from 'vitest';
import { createGoogle, generateObject } from '../src';
import { googleWire, type LoopbackServer, startLoopback } from '../src/test-support';
import { fixtures } from './fixtures';
import { describeModelConformance, Verdict } from './model-conformance';

const FIXTURES = fixtures('google');
const model = (server: LoopbackServer) =>
  createGoogle({ apiKey: 'gemini-test-key', baseURL: server.url })('gemini-2.5-pro');

describeModelConformance({
  name: 'google',
  wire: googleWire,
  fixtures: FIXTURES,
  create: model,
  credential: (request) => request.headers['x-goog-api-key'] as string | undefined,
  apiKey: 'gemini-test-key',
  path: /^\/v1beta\/models\/gemini-2\.5-pro:generateContent$/,
});

describe('google adapter, provider specifics', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  it('asks for JSON with the answer schema and declares tools with their JSON Schemas', async () => {
    server = await startLoopback(() => FIXTURES.structured);
    await generateObject(model(server), {
      system: 'S',
      messages: [{ role: 'user', content: 'review' }],
      maxTokens: 500,
      schema: Verdict,
      name: 'verdict',
      description: 'The verdict.',
    });
    const body = server.requests[0]?.body as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig).toMatchObject({
      maxOutputTokens: 500,
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', required: ['verdict', 'comments'] },
    });
  });

  it('echoes the thought signature of a function call on the next turn', async () => {
    server = await startLoopback(() => FIXTURES['tool-call']);
    const m = model(server);
    const tools = [{ name: 'read_file', description: 'read', inputSchema: { type: 'object', properties: {} } }];
    const first = await m.generate({ system: 'S', messages: [{ role: 'user', content: 'go' }], tools, maxTokens: 100 });
    expect(first.toolCalls[0]).toMatchObject({ name: 'read_file', signature: 'CiQB0e2Kb1sig' });
    expect(first.usage).toEqual({ input: 200, output: 30, cached: 0 });
    await m.generate({
      system: 'S',
      tools,
      maxTokens: 100,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '', toolCalls: first.toolCalls },
        { role: 'tool', results: [{ callId: first.toolCalls[0]!.id, name: 'read_file', content: 'x' }] },
      ],
    });
    const body = server.requests[1]?.body as {
      contents: Array<{ parts: Array<Record<string, unknown>> }>;
      tools: unknown;
    };
    expect(body.contents[1]?.parts[0]).toMatchObject({
      thoughtSignature: 'CiQB0e2Kb1sig',
      functionCall: { name: 'read_file' },
    });
    expect(body.contents[2]?.parts[0]).toMatchObject({
      functionResponse: { name: 'read_file', response: { result: 'x' } },
    });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [{ name: 'read_file', description: 'read', parametersJsonSchema: tools[0]!.inputSchema }],
      },
    ]);
  });
});
