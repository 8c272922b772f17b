import { randomBytes } from 'node:crypto';
import type { Proposal } from '@triad/core';
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

const proposal = (taskId: string, revision: number, after: string): Proposal => ({
  taskId,
  revision,
  baseRevision: 'b'.repeat(40),
  edits: [{ path: `notes/${taskId}.md`, before: null, after }],
  commitMessage: `docs: ${taskId}`,
  diff: '',
  addresses: [],
  draftedBy: 'builtin',
  createdAt: '2026-11-30T00:00:00.000Z',
});

describe('RecordStore records', () => {
  it('answers a record this process wrote without Redis, and writes a redraft of the same revision over it', async () => {
    const keys = redisKeys(prefix);
    const store = new RecordStore(redis, keys);
    await store.saveProposal('s2', proposal('t1', 1, 'first'));
    await redis.del(keys.records('s2'));
    expect((await store.proposal('s2', 't1', 1))?.edits[0]?.after).toBe('first');
    // A retried draft writes the revision again: this process reads what it wrote last, and so does Redis.
    await store.saveProposal('s2', proposal('t1', 1, 'again'));
    expect((await store.proposal('s2', 't1', 1))?.edits[0]?.after).toBe('again');
    const elsewhere = new RecordStore(redis, keys);
    expect((await elsewhere.proposal('s2', 't1', 1))?.edits[0]?.after).toBe('again');
    expect(await elsewhere.proposal('s2', 't1', 2)).toBeUndefined();
  });

  it('reads every record of a session at once, each kind in the order of its numbers', async () => {
    const keys = redisKeys(prefix);
    const store = new RecordStore(redis, keys);
    for (const cycle of [10, 2, 1]) await store.saveObservation('s3', observation(cycle));
    for (const n of [10, 9]) await store.saveProposal('s3', proposal(`s3-c1t${n}`, 1, `task ${n}`));
    await store.saveProposal('s3', proposal('s3-c1t9', 2, 'task 9, second draft'));
    const records = await new RecordStore(redis, keys).everything('s3');
    expect(records.observations.map((o) => o.cycle)).toEqual([1, 2, 10]);
    expect(records.proposals.map((p) => `${p.taskId}/${p.revision}`)).toEqual(['s3-c1t9/1', 's3-c1t9/2', 's3-c1t10/1']);
    expect(records).toMatchObject({ reviews: [], assessments: [] });
  });
});
