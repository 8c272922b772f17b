import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../src/keys';
import { createRedis } from '../src/redis';
import { type Observation, RecordStore } from '../src/stores/record-store';
import { deletePrefix, REDIS_URL } from './harness';

const prefix = `triad-records-${randomBytes(3).toString('hex')}`;
const redis = createRedis(REDIS_URL);
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

const observation = (cycle: number): Observation => ({
  cycle,
  revision: 'a'.repeat(40),
  fileCount: 3,
  findings: [],
  observedAt: '2026-11-30T00:00:00.000Z',
});

describe('RecordStore observations', () => {
  it('reads each observation from Redis once, since it is written once; a missing one is asked again', async () => {
    const keys = redisKeys(prefix);
    const store = new RecordStore(redis, keys);
    expect(await store.observation('s1', 1)).toBeUndefined();
    await store.saveObservation('s1', observation(1));
    const first = await store.observation('s1', 1); // not remembered as missing
    expect(first).toEqual(observation(1));
    // Gone from Redis, still known here: the second read did not go to Redis.
    await redis.del(keys.records('s1'));
    expect(await store.observation('s1', 1)).toBe(first);
    // Another store (another process) reads Redis, and finds nothing.
    expect(await new RecordStore(redis, keys).observation('s1', 1)).toBeUndefined();
  });
});
