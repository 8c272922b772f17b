import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../src/keys';
import { createRedis } from '../src/redis';
import { EventLog, READ_ALL_PAGE } from '../src/stores/event-log';
import { deletePrefix, REDIS_URL } from './harness';

const prefix = `triad-events-${randomBytes(3).toString('hex')}`;
const redis = createRedis(REDIS_URL);
const blocking = createRedis(REDIS_URL);
const keys = redisKeys(prefix);
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
  blocking.disconnect();
});

describe('EventLog', () => {
  it('gives a follower the type of every event, appended or written by a script, whatever order its fields came in', async () => {
    const events = new EventLog(redis, keys, () => new Date('2026-11-30T08:00:00.000Z'));
    await events.append('s1', { actor: 'tool', message: 'started', type: 'session.started' } as never);
    const entry = events.entry('s1', { type: 'task.transition', actor: 'lead', message: 'moved', data: { to: 'x' } });
    expect(entry.event.startsWith('{"type":"task.transition",')).toBe(true);
    await redis.xadd(entry.stream, '*', 'event', entry.event);
    // A line another version wrote with its type last is parsed whole.
    await redis.xadd(
      keys.events('s1'),
      '*',
      'event',
      JSON.stringify({
        actor: 'tool',
        message: 'ended',
        sessionId: 's1',
        at: '2026-11-30T08:00:01.000Z',
        type: 'session.ended',
      }),
    );
    const seen = await events.waitForTypes(blocking, 's1', '0', 1000);
    expect(seen.map((e) => e.type)).toEqual(['session.started', 'task.transition', 'session.ended']);
    expect((await events.read('s1')).map((e) => e.type)).toEqual([
      'session.started',
      'task.transition',
      'session.ended',
    ]);
  });

  it('reads a whole log past one page, and only the types asked for without parsing the rest', async () => {
    const events = new EventLog(redis, keys, () => new Date('2026-11-30T08:00:00.000Z'));
    const total = READ_ALL_PAGE + 7;
    const batch = redis.pipeline();
    for (let i = 0; i < total; i++) {
      const type = i % 5 === 0 ? 'proposal.drafted' : 'task.transition';
      const { stream, event } = events.entry('s2', { type, actor: 'lead', taskId: `t${i}`, message: `m${i}` });
      batch.xadd(stream, '*', 'event', event);
    }
    // A broken line of a type not asked for is never parsed; asked for, it would fail the read.
    batch.xadd(keys.events('s2'), '*', 'event', '{"type":"task.transition",broken');
    await batch.exec();
    const all = await events.readAll('s2', new Set(['proposal.drafted', 'task.transition']) as never).catch((e) => e);
    expect(all).toBeInstanceOf(SyntaxError);
    const drafted = await events.readAll('s2', new Set(['proposal.drafted']));
    expect(drafted).toHaveLength(Math.ceil(total / 5));
    expect(drafted.at(-1)?.taskId).toBe(`t${Math.floor((total - 1) / 5) * 5}`);
    expect(new Set(drafted.map((e) => e.id)).size).toBe(drafted.length);
  });
});
