import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type CallRecord,
  type ChatModel,
  type ChatRequest,
  complete,
  generateObject,
  InvalidModelOutput,
  ModelCallAborted,
  ModelCallError,
  type RetryPolicy,
  resilient,
} from '../src';
import {
  type LoopbackServer,
  type RecordedRequest,
  type StubReply,
  startLoopback,
  type WireCodec,
} from '../src/test-support';

export type FixtureName =
  | 'text'
  | 'tool-call'
  | 'structured'
  | 'structured-invalid'
  | 'malformed-json'
  | 'truncated'
  | 'rate-limited'
  | 'server-error'
  | 'bad-request'
  | 'garbled';

/** One adapter under test: how to build it against a loopback server, and how its wire looks. */
export interface ConformanceTarget {
  name: string;
  wire: WireCodec;
  fixtures: Record<FixtureName, StubReply>;
  /** The bare adapter (no retries) pointed at `server`. */
  create(server: LoopbackServer): ChatModel;
  /** The API key as the request carries it. */
  credential(request: RecordedRequest): string | undefined;
  apiKey: string;
  /** The path every call goes to. */
  path: RegExp;
}

export const Verdict = z.object({ verdict: z.enum(['approve', 'reject']), comments: z.array(z.string()) });

const READ_FILE = {
  name: 'read_file',
  description: 'Read a file of the GitOps repository.',
  inputSchema: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
    additionalProperties: false,
  },
};

const BASE: ChatRequest = {
  system: 'You review GitOps changes.',
  context: 'Cluster: three k3s nodes.',
  messages: [{ role: 'user', content: 'How is the cluster?' }],
  maxTokens: 256,
};

/** The same behaviour, asserted through each provider's real SDK against a loopback server speaking its protocol. */
export function describeModelConformance(target: ConformanceTarget): void {
  describe(`${target.name} adapter (conformance, real SDK on loopback)`, () => {
    let server: LoopbackServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    /** A server that answers with the named fixtures in order, then fails loudly. */
    async function serve(...names: FixtureName[]) {
      const queue = [...names];
      server = await startLoopback(() => {
        const next = queue.shift();
        return next ? target.fixtures[next] : { status: 418, body: target.wire.error(418, 'no fixture left') };
      });
      return server;
    }

    function withRetries(model: ChatModel, delays: number[], policy: Partial<RetryPolicy> = {}) {
      return resilient(model, {
        maxAttempts: 3,
        baseDelayMs: 5,
        sleep: async (ms) => {
          delays.push(ms);
        },
        ...policy,
      });
    }

    it('answers with text, usage with cached tokens apart, and the stop reason; sends key, system and limit', async () => {
      const s = await serve('text');
      const calls: CallRecord[] = [];
      const response = await complete(target.create(s), BASE, { onCall: (record) => void calls.push(record) });
      expect(response).toMatchObject({ text: 'The cluster looks healthy.', toolCalls: [], stopReason: 'end' });
      expect(response.usage).toEqual({ input: 20, output: 8, cached: 100 });
      const [request] = s.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toMatch(target.path);
      expect(target.credential(request!)).toBe(target.apiKey);
      const decoded = target.wire.decode(request?.body, request?.url ?? '');
      expect(decoded.system).toContain('You review GitOps changes.');
      expect(decoded.system).toContain('Cluster: three k3s nodes.');
      expect(decoded.maxTokens).toBe(256);
      expect(decoded.messages).toEqual([{ role: 'user', content: 'How is the cluster?' }]);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ model: response.model, usage: response.usage });
    });

    it('returns tool calls with parsed input, having sent the tool definitions', async () => {
      const s = await serve('tool-call');
      const response = await target.create(s).generate({ ...BASE, tools: [READ_FILE] });
      expect(response.stopReason).toBe('tool_use');
      expect(response.toolCalls).toHaveLength(1);
      expect(response.toolCalls[0]).toMatchObject({
        name: 'read_file',
        input: { path: 'apps/media/jellyfin/deployment.yaml' },
        id: expect.any(String),
      });
      const decoded = target.wire.decode(s.requests[0]?.body, s.requests[0]?.url ?? '');
      expect(decoded.tools).toEqual(['read_file']);
    });

    it('sends the tool calls and their results of earlier turns back in the provider shape', async () => {
      const s = await serve('text');
      const call = { id: 'call_1', name: 'read_file', input: { path: 'a.yaml' } };
      await target.create(s).generate({
        ...BASE,
        tools: [READ_FILE],
        messages: [
          { role: 'user', content: 'Fix it.' },
          { role: 'assistant', content: '', toolCalls: [call] },
          {
            role: 'tool',
            results: [{ callId: 'call_1', name: 'read_file', content: 'kind: Deployment', isError: true }],
          },
        ],
      });
      const decoded = target.wire.decode(s.requests[0]?.body, s.requests[0]?.url ?? '');
      expect(decoded.messages[1]).toMatchObject({
        role: 'assistant',
        toolCalls: [{ name: 'read_file', input: { path: 'a.yaml' } }],
      });
      const results = decoded.messages[2];
      expect(results?.role).toBe('tool');
      if (results?.role !== 'tool') return;
      expect(results.results[0]?.content).toContain('kind: Deployment');
    });

    it('asks for structured output the provider way and returns the zod-validated value', async () => {
      const s = await serve('structured');
      const { value, response } = await generateObject(target.create(s), {
        ...BASE,
        schema: Verdict,
        name: 'verdict',
        description: 'The review verdict.',
      });
      expect(value).toEqual({ verdict: 'approve', comments: ['fine'] });
      expect(response.stopReason).toBe('end');
      const decoded = target.wire.decode(s.requests[0]?.body, s.requests[0]?.url ?? '');
      expect(decoded.output?.schema).toMatchObject({ type: 'object', required: ['verdict', 'comments'] });
    });

    for (const bad of ['structured-invalid', 'malformed-json', 'truncated'] as const) {
      it(`never returns a ${bad} answer: it asks again with the problem, and accepts the valid one`, async () => {
        const s = await serve(bad, 'structured');
        const calls: CallRecord[] = [];
        const { value } = await generateObject(
          target.create(s),
          { ...BASE, schema: Verdict, name: 'verdict', description: 'The review verdict.' },
          { onCall: (record) => void calls.push(record) },
        );
        expect(value.verdict).toBe('approve');
        expect(calls).toHaveLength(2);
        const second = target.wire.decode(s.requests[1]?.body, s.requests[1]?.url ?? '');
        const feedback = second.messages.at(-1);
        expect(feedback?.role).toBe('user');
        const expected = bad === 'truncated' ? 'cut off' : bad === 'malformed-json' ? 'not valid JSON' : 'verdict';
        expect(feedback?.role === 'user' && feedback.content).toContain(expected);
      });
    }

    it('gives up after a bounded number of corrections, with every attempt billed', async () => {
      const s = await serve('structured-invalid', 'malformed-json', 'structured-invalid');
      const calls: CallRecord[] = [];
      const attempt = generateObject(
        target.create(s),
        { ...BASE, schema: Verdict, name: 'verdict', description: 'The review verdict.' },
        { maxCorrections: 2, onCall: (record) => void calls.push(record) },
      );
      await expect(attempt).rejects.toBeInstanceOf(InvalidModelOutput);
      expect(s.requests).toHaveLength(3);
      expect(calls).toHaveLength(3);
    });

    it('waits out a 429 for exactly its retry-after, then answers', async () => {
      const s = await serve('rate-limited', 'text');
      const delays: number[] = [];
      const response = await withRetries(target.create(s), delays).generate(BASE);
      expect(response.text).toBe('The cluster looks healthy.');
      expect(delays).toEqual([2000]);
      expect(s.requests).toHaveLength(2);
    });

    it('retries a 500 and a garbled body with backoff, then answers', async () => {
      const s = await serve('server-error', 'garbled', 'text');
      const delays: number[] = [];
      const response = await withRetries(target.create(s), delays).generate(BASE);
      expect(response.text).toBe('The cluster looks healthy.');
      expect(delays).toHaveLength(2);
      expect(delays[1]!).toBeGreaterThan(delays[0]!);
    });

    it('fails with a retryable one-line error once its attempts are spent', async () => {
      const s = await serve('server-error', 'server-error', 'server-error');
      const error = await withRetries(target.create(s), [])
        .generate(BASE)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCallError);
      expect(error).toMatchObject({ status: 500, retryable: true });
      expect((error as Error).message).not.toContain('\n');
      expect(s.requests).toHaveLength(3);
    });

    it('does not retry a 400', async () => {
      const s = await serve('bad-request', 'text');
      const error = await withRetries(target.create(s), [])
        .generate(BASE)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, retryable: false, message: expect.stringContaining('HTTP 400') });
      expect(s.requests).toHaveLength(1);
    });

    it('aborts an in-flight call at once when the caller aborts, without a retry', async () => {
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      server = await startLoopback(() => {
        arrived();
        return { hang: true };
      });
      const controller = new AbortController();
      const call = withRetries(target.create(server), []).generate({ ...BASE, signal: controller.signal });
      await reached;
      const started = performance.now();
      controller.abort(new Error('session deadline'));
      await expect(call).rejects.toBeInstanceOf(ModelCallAborted);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(server.requests).toHaveLength(1);
    });

    it('times out an attempt that does not answer and retries it', async () => {
      server = await startLoopback(() => ({ hang: true }));
      const model = withRetries(target.create(server), [], { timeoutMs: 150, maxAttempts: 2 });
      const error = await model.generate(BASE).catch((e: unknown) => e);
      expect(error).toMatchObject({
        retryable: true,
        message: expect.stringContaining('did not answer within 150 ms'),
      });
      expect(server.requests).toHaveLength(2);
    });
  });
}
