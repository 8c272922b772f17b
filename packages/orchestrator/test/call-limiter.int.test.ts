import { randomBytes } from 'node:crypto';
import { createAnthropic } from '@triad/llm';
import { type StubProvider, startStubProvider } from '@triad/llm/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { CallLimiter, limitCalls } from '../src/call-limiter';
import type { RedisClient } from '../src/redis';
import { createRedis } from '../src/redis';
import { deletePrefix, REDIS_URL, startRig } from './harness';

describe('model call limits (real Redis, the real Anthropic SDK against a loopback stub)', () => {
  const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
  const connections: RedisClient[] = [];
  let stub: StubProvider | undefined;
  const connect = () => {
    const redis = createRedis(REDIS_URL);
    connections.push(redis);
    return redis;
  };
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
    await Promise.all(connections.splice(0).map((redis) => redis.quit()));
    await deletePrefix(prefix);
  });

  it('shares one window across processes: the third call in it is refused, with the wait until a slot frees', async () => {
    const key = `${prefix}:limit:calls:lead`;
    // Two connections stand for two worker processes holding the same role's limit.
    const one = new CallLimiter(connect(), key, { max: 2, windowMs: 60_000 });
    const two = new CallLimiter(connect(), key, { max: 2, windowMs: 60_000 });
    expect(await one.tryTake()).toEqual({ taken: true });
    expect(await two.tryTake()).toEqual({ taken: true });
    const refused = await one.tryTake();
    expect(refused.taken).toBe(false);
    expect(refused.taken === false && refused.retryInMs).toBeGreaterThan(59_000);
    expect(await connections[0]?.zcard(key)).toBe(2);
    // Another role's limit is its own.
    expect(
      await new CallLimiter(connect(), `${prefix}:limit:calls:cio`, { max: 1, windowMs: 60_000 }).tryTake(),
    ).toEqual({
      taken: true,
    });
  });

  it('holds a model to its limit: the second call reaches the provider only once the window has passed', async () => {
    const arrivals: number[] = [];
    stub = await startStubProvider('anthropic', () => {
      arrivals.push(Date.now());
      return { text: 'ok', usage: { input: 1, output: 1 } };
    });
    const waits: number[] = [];
    const limiter = new CallLimiter(connect(), `${prefix}:limit:calls:coLead`, { max: 1, windowMs: 400 });
    const model = limitCalls(
      createAnthropic({ apiKey: 'sk-ant-stub', baseURL: stub.url })('claude-sonnet-4-6'),
      limiter,
      (waited) => waits.push(waited),
    );
    const ask = () => model.generate({ system: 'S', messages: [{ role: 'user', content: 'hi' }], maxTokens: 10 });
    expect(model.spec).toBe('anthropic:claude-sonnet-4-6');

    // Both calls start now; the first takes the window's one slot at or after `started`, so the second may not
    // leave before `started` + 400 ms (less 1 ms: Redis keeps whole milliseconds).
    const started = Date.now();
    const [first, second] = await Promise.all([ask(), ask()]);
    expect([first.text, second.text]).toEqual(['ok', 'ok']);
    expect(arrivals).toHaveLength(2);
    expect((arrivals[1] ?? 0) - started).toBeGreaterThanOrEqual(399);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(300);
  });

  it('stops waiting when the session is stopped, with the reason it was stopped for', async () => {
    const limiter = new CallLimiter(connect(), `${prefix}:limit:calls:cio`, { max: 1, windowMs: 60_000 });
    expect(await limiter.take()).toBe(0);
    const stop = new AbortController();
    const waiting = limiter.take(stop.signal);
    stop.abort(new Error('session stopped'));
    await expect(waiting).rejects.toThrow('session stopped');
    expect(() => new CallLimiter(connect(), 'x', { max: 0, windowMs: 1 })).toThrow(/max ≥ 1/);
  });

  it("caps the role's stage jobs with BullMQ's limiter too, on every worker of those stages and no other", async () => {
    const limited = await startRig({
      runtime: { models: { providers: {}, callLimits: { lead: { max: 5, windowMs: 60_000 } } } },
    });
    try {
      const limiters = Object.fromEntries(limited.pool?.workers.map((w) => [w.name, w.opts.limiter]) ?? []);
      expect(limiters.plan).toEqual({ max: 5, duration: 60_000 });
      expect(limiters.draft).toEqual({ max: 5, duration: 60_000 });
      expect(limiters.review).toBeUndefined();
      expect(limiters.apply).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});
