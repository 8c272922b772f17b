import { randomBytes } from 'node:crypto';
import { Session } from '@triad/core';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../src/keys';
import { createRedis } from '../src/redis';
import { SessionStore } from '../src/stores/session-store';
import { deletePrefix, REDIS_URL } from './harness';

const prefix = `triad-sessions-${randomBytes(3).toString('hex')}`;
const redis = createRedis(REDIS_URL);
const keys = redisKeys(prefix);
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

const session = (id: string) =>
  Session.parse({
    id,
    repo: { url: 'file:///tmp/nowhere.git' },
    state: 'running',
    createdAt: '2026-11-30T00:00:00.000Z',
    deadline: '2026-11-30T01:00:00.000Z',
    durationMs: 3_600_000,
    budget: { maxTokens: 1000 },
    models: { lead: 'anthropic:claude-x', coLead: 'builtin', cio: 'builtin' },
  });

describe('the session store', () => {
  const store = new SessionStore(redis, keys);

  it('counts usage in one transaction and answers with the totals after it', async () => {
    await store.create(session('s1'));
    expect(await store.addUsage('s1', { inputTokens: 300, outputTokens: 20, usd: 0.25, calls: 1 })).toEqual({
      inputTokens: 300,
      outputTokens: 20,
      cachedTokens: 0,
      usd: 0.25,
      calls: 1,
    });
    const totals = await store.addUsage('s1', { inputTokens: 100, cachedTokens: 50, usd: 0.5, calls: 1 });
    expect(totals).toEqual({ inputTokens: 400, outputTokens: 20, cachedTokens: 50, usd: 0.75, calls: 2 });
    expect((await store.get('s1')).usage).toEqual(totals);
  });

  it("reads a session's models and budget once: they cannot change after it starts", async () => {
    await store.create(session('s2'));
    const settings = await store.settings('s2');
    expect(settings).toEqual({
      models: { lead: 'anthropic:claude-x', coLead: 'builtin', cio: 'builtin' },
      budget: { maxTokens: 1000 },
    });
    expect(Object.isFrozen(settings?.models)).toBe(true);
    // A second ask is answered without Redis: even the record's removal does not reach it.
    await redis.del(keys.session('s2'));
    expect(await store.settings('s2')).toBe(settings);
    expect(await store.settings('no-such-session')).toBeUndefined();
  });
});
