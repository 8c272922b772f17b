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

describe('the state index of TaskStore', () => {
  it("finds a session's tasks by state without reading the others, and forgets them at an end state", async () => {
    const store = new TaskStore(redis, keys, () => new Date());
    for (const n of [1, 2, 3]) expect(await store.create(task('s1', n))).toBe(true);
    expect(await store.create(task('s1', 1))).toBe(false); // a retried plan
    expect(ids(await store.inStates('s1', ['planned']))).toEqual(['s1-c1t1', 's1-c1t2', 's1-c1t3']);

    await store.move('s1-c1t1', ['planned'], 'drafting');
    await store.move('s1-c1t2', ['planned'], 'deferred', { reason: 'session ended' });
    expect(ids(await store.inStates('s1', ['planned']))).toEqual(['s1-c1t3']);
    expect(ids(await store.inStates('s1', ['drafting', 'applying']))).toEqual(['s1-c1t1']);
    expect(await store.anyIn('s1', ['under_review', 'applying'])).toBe(false);
    expect(await store.anyIn('s1', ['drafting'])).toBe(true);
    // The deferred task left every set in the script that moved it.
    for (const state of ['planned', 'drafting']) {
      expect(await redis.smembers(keys.tasksIn('s1', state))).not.toContain('s1-c1t2');
    }
    // A retried create of a task that moved on does not put it back in `planned`.
    expect(await store.create(task('s1', 1))).toBe(false);
    expect(ids(await store.inStates('s1', ['planned']))).toEqual(['s1-c1t3']);
    await expect(store.anyIn('s1', ['deferred'])).rejects.toThrow(/end state/);
  });

  it('indexes a session that a version without the index started, and only tasks that did not move since', async () => {
    const store = new TaskStore(redis, keys, () => new Date());
    await store.create(task('s2', 1));
    await store.create(task('s2', 2));
    await store.move('s2-c1t2', ['planned'], 'deferred');
    await redis.del(keys.tasksIn('s2', 'planned')); // as an older version left it
    expect(await store.anyIn('s2', ['planned'])).toBe(false);
    expect(await store.reindex('s2')).toBe(1);
    expect(ids(await store.inStates('s2', ['planned']))).toEqual(['s2-c1t1']);
    expect(await store.reindex('s2')).toBe(0); // already there
  });
});
