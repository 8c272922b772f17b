import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { updateJson } from '../src/stores/optimistic';
import { REDIS_URL } from './harness';

describe('a compare-and-set that Redis ran but whose answer was lost', () => {
  const redis = new Redis(REDIS_URL);
  const key = `triadtest-${randomBytes(4).toString('hex')}:value`;
  const stream = `${key}:events`;
  afterAll(async () => {
    await redis.del(key, stream);
    redis.disconnect();
  });
  // Every script runs twice, the first answer dropped: what ioredis does when Redis restarts between running a
  // command and answering it (autoResendUnfulfilledCommands). Scripts go by digest (EVALSHA), or by body (EVAL) to a
  // server that does not have them yet.
  const resending = new Proxy(redis, {
    get(target, property) {
      if (property !== 'eval' && property !== 'evalsha') return Reflect.get(target, property);
      return async (...args: unknown[]) => {
        const send = Reflect.get(target, property) as (...a: unknown[]) => Promise<unknown>;
        await send.apply(target, args);
        return send.apply(target, args);
      };
    },
  });

  it('counts as written when the client sends it again after a restart, so the caller goes on', async () => {
    await redis.set(key, JSON.stringify({ state: 'drafting', at: 'then' }));
    let calls = 0;
    const update = await updateJson(resending, key, JSON.parse, (value: { state: string }) => {
      calls++;
      return value.state === 'drafting' ? { state: 'under_review', at: 'now' } : undefined;
    });

    expect(update).toMatchObject({ changed: true, after: { state: 'under_review' } });
    expect(calls).toBe(1);
    expect(JSON.parse((await redis.get(key)) ?? '')).toEqual({ state: 'under_review', at: 'now' });
  });

  it('appends the entry that goes with the write once, however often the script is sent', async () => {
    await redis.set(key, JSON.stringify({ state: 'drafting', at: 'then' }));
    await redis.script('FLUSH'); // the first send is refused (NOSCRIPT) and made again with the script's body
    for (const state of ['under_review', 'approved']) {
      const update = await updateJson(
        resending,
        key,
        JSON.parse,
        (value: { state: string }) => ({ state, at: `after ${value.state}` }),
        { maxAttempts: 5, append: (before, after) => ({ stream, event: `${before.state} → ${after.state}` }) },
      );
      expect(update?.changed).toBe(true);
    }
    const entries = await redis.xrange(stream, '-', '+');
    expect(entries.map(([, fields]) => fields)).toEqual([
      ['event', 'drafting → under_review'],
      ['event', 'under_review → approved'],
    ]);
  });

  it('still refuses a write over a value someone else changed', async () => {
    await redis.set(key, JSON.stringify({ state: 'drafting', at: 'then' }));
    let first = true;
    const update = await updateJson(redis, key, JSON.parse, (value: { state: string }) => {
      if (first) {
        first = false;
        // Another worker moves it between this read and this write.
        void redis.set(key, JSON.stringify({ state: 'failed', at: 'meanwhile' }));
      }
      return value.state === 'drafting' ? { state: 'under_review', at: 'now' } : undefined;
    });
    expect(update).toMatchObject({ changed: false, after: { state: 'failed' } });
  });
});
