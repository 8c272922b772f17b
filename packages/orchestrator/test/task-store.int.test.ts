import { randomBytes } from 'node:crypto';
import type { Task } from '@triad/core';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../src/keys';
import { createRedis } from '../src/redis';
import { TaskStore } from '../src/stores/task-store';
import { deletePrefix, REDIS_URL } from './harness';

const prefix = `triad-tasks-${randomBytes(3).toString('hex')}`;
const redis = createRedis(REDIS_URL);
const keys = redisKeys(prefix);
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

const task = (sessionId: string, n: number): Task => ({
  id: `${sessionId}-c1t${n}`,
  sessionId,
  cycle: 1,
  title: `task ${n}`,
  category: 'docs',
  priority: 1,
  findingIds: [],
  state: 'planned',
  revision: 0,
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
});
const ids = (tasks: Task[]) => tasks.map((t) => t.id).sort();

describe('TaskStore.open', () => {
  it("holds a session's tasks until they reach an end state, without reading the settled ones", async () => {
    const store = new TaskStore(redis, keys, () => new Date());
    for (const n of [1, 2, 3]) expect(await store.create(task('s1', n))).toBe(true);
    expect(await store.create(task('s1', 1))).toBe(false); // a retried plan
    expect(ids(await store.open('s1'))).toEqual(['s1-c1t1', 's1-c1t2', 's1-c1t3']);

    await store.move('s1-c1t1', ['planned'], 'drafting');
    await store.move('s1-c1t2', ['planned'], 'deferred', { reason: 'session ended' });
    expect(ids(await store.open('s1'))).toEqual(['s1-c1t1', 's1-c1t3']);
    expect(await redis.smembers(keys.openTasks('s1'))).not.toContain('s1-c1t2');
  });

  it('drops a settled task a crash left in the set, and indexes a session that had no set', async () => {
    const store = new TaskStore(redis, keys, () => new Date());
    await store.create(task('s2', 1));
    await store.create(task('s2', 2));
    await store.move('s2-c1t2', ['planned'], 'deferred');
    // As if the process died between the move and the set's update.
    await redis.sadd(keys.openTasks('s2'), 's2-c1t2');
    expect(ids(await store.open('s2'))).toEqual(['s2-c1t1']);
    expect(await redis.smembers(keys.openTasks('s2'))).toEqual(['s2-c1t1']);

    // A session started by a version without the set: found through the whole list, and indexed.
    await redis.del(keys.openTasks('s2'));
    expect(ids(await store.open('s2'))).toEqual(['s2-c1t1']);
    expect(await redis.smembers(keys.openTasks('s2'))).toEqual(['s2-c1t1']);
  });
});
