import { randomBytes } from 'node:crypto';
import { type Proposal, type Review, Session, type Task } from '@triad/core';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../src/keys';
import { createRedis } from '../src/redis';
import { EventLog } from '../src/stores/event-log';
import { RecordStore, recordField } from '../src/stores/record-store';
import { SessionStore } from '../src/stores/session-store';
import { readSettling, readStep } from '../src/stores/step-read';
import { TaskStore } from '../src/stores/task-store';
import { deletePrefix, REDIS_URL } from './harness';

const prefix = `triad-step-${randomBytes(3).toString('hex')}`;
const redis = createRedis(REDIS_URL);
const keys = redisKeys(prefix);
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

/** The stores of one process, as a runtime holds them. */
function stores() {
  const clock = () => new Date('2026-11-30T08:00:00.000Z');
  return {
    redis,
    keys,
    sessions: new SessionStore(redis, keys),
    tasks: new TaskStore(redis, keys, clock),
    records: new RecordStore(redis, keys),
    events: new EventLog(redis, keys, clock),
  };
}

const session = (id: string) =>
  Session.parse({
    id,
    repo: { url: '/tmp/remote.git', branch: 'main' },
    state: 'running',
    createdAt: '2026-11-30T08:00:00.000Z',
    deadline: '2026-11-30T09:00:00.000Z',
    durationMs: 3_600_000,
  });

const task = (sessionId: string, n: number): Task => ({
  id: `${sessionId}-c1t${n}`,
  sessionId,
  cycle: 1,
  title: `task ${n}`,
  category: 'docs',
  priority: 1,
  findingIds: [],
  state: 'drafting',
  revision: 1,
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
});

const proposal = (taskId: string): Proposal => ({
  taskId,
  revision: 1,
  baseRevision: 'b'.repeat(40),
  edits: [{ path: `notes/${taskId}.md`, before: null, after: 'note\n' }],
  commitMessage: `docs: ${taskId}`,
  diff: '',
  addresses: [],
  draftedBy: 'builtin',
  createdAt: '2026-11-30T08:00:00.000Z',
});

const review = (taskId: string): Review => ({
  taskId,
  revision: 1,
  verdict: 'approve',
  comments: [],
  adrRequired: false,
  reviewer: 'builtin',
  createdAt: '2026-11-30T08:00:00.000Z',
});

/** Calls of each command this client sends from now on. */
function countCalls() {
  const calls: string[] = [];
  const listener = (command: { name: string }) => calls.push(command.name);
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: Parameters<typeof send>[0], stream?: Parameters<typeof send>[1]) => {
    listener(command as { name: string });
    return send(command, stream);
  }) as typeof redis.sendCommand;
  return {
    calls,
    stop: () => {
      redis.sendCommand = send;
    },
  };
}

describe("a step's one read", () => {
  it('brings the session with its usage, the task and the records asked for in one round trip', async () => {
    const writer = stores();
    await writer.sessions.create(session('s1'));
    await writer.sessions.addUsage('s1', { inputTokens: 120, calls: 1 });
    await writer.tasks.create(task('s1', 1));
    await writer.records.saveProposal('s1', proposal('s1-c1t1'));

    const reader = stores(); // another process: it keeps nothing yet
    const counted = countCalls();
    const step = await readStep(reader, 's1', 's1-c1t1', [
      recordField.proposal('s1-c1t1', 1),
      recordField.review('s1-c1t1', 1),
    ]);
    counted.stop();
    expect(counted.calls).toEqual(['evalsha']);
    expect(step.session).toMatchObject({ id: 's1', state: 'running', usage: { inputTokens: 120, calls: 1 } });
    expect(step.task).toMatchObject({ id: 's1-c1t1', state: 'drafting' });
    expect(step.has(recordField.proposal('s1-c1t1', 1))).toBe(true);
    expect(step.has(recordField.review('s1-c1t1', 1))).toBe(false);

    // The proposal came with the read: the step's own read of it needs no round trip.
    const again = countCalls();
    expect((await reader.records.proposal('s1', 's1-c1t1', 1))?.commitMessage).toBe('docs: s1-c1t1');
    again.stop();
    expect(again.calls).toEqual([]);
  });

  it("does not ask again for a record this process keeps, and sees the session's new state and usage", async () => {
    const rt = stores();
    await rt.sessions.create(session('s2'));
    await rt.tasks.create(task('s2', 1));
    await rt.records.saveProposal('s2', proposal('s2-c1t1'));
    const first = await readStep(rt, 's2', 's2-c1t1', [recordField.proposal('s2-c1t1', 1)]);
    expect(first.has(recordField.proposal('s2-c1t1', 1))).toBe(true);

    await rt.sessions.moveState('s2', ['running'], 'stopping', { endReason: 'stopped' });
    await rt.sessions.addUsage('s2', { outputTokens: 7 });
    const second = await readStep(rt, 's2', 's2-c1t1', [recordField.proposal('s2-c1t1', 1)]);
    expect(second.session).toMatchObject({ state: 'stopping', endReason: 'stopped', usage: { outputTokens: 7 } });
    expect(first.session.state).toBe('running'); // what a caller got before does not change under it
  });

  it('says which session or task is missing, as the stores do', async () => {
    const rt = stores();
    await expect(readStep(rt, 'nope', 'nope-c1t1')).rejects.toMatchObject({ code: 'session_not_found' });
    await rt.sessions.create(session('s3'));
    await expect(readStep(rt, 's3', 's3-c1t9')).rejects.toMatchObject({ code: 'task_not_found' });
  });

  it('reads the session and whether any task is in flight in one round trip', async () => {
    const rt = stores();
    await rt.sessions.create(session('s4'));
    await rt.tasks.create(task('s4', 1));
    const counted = countCalls();
    const busy = await readSettling(rt, 's4', ['planned', 'drafting']);
    counted.stop();
    expect(counted.calls).toEqual(['evalsha']);
    expect(busy).toMatchObject({ session: { id: 's4' }, anyIn: true });
    await rt.tasks.move('s4-c1t1', ['drafting'], 'failed');
    expect((await readSettling(rt, 's4', ['planned', 'drafting'])).anyIn).toBe(false);
  });
});

describe('writes that go with a move', () => {
  it("saves a proposal and appends its line and the move's line in the script that moves the task", async () => {
    const rt = stores();
    await rt.sessions.create(session('s5'));
    await rt.tasks.create(task('s5', 1));
    const drafted = rt.events.entry('s5', { type: 'proposal.drafted', actor: 'lead', taskId: 's5-c1t1', message: 'd' });
    const moved = await rt.tasks.move('s5-c1t1', ['drafting'], 'under_review', {
      events: [drafted],
      save: rt.records.write.proposal('s5', proposal('s5-c1t1')),
      record: () => rt.events.entry('s5', { type: 'task.transition', actor: 'lead', taskId: 's5-c1t1', message: 't' }),
    });
    expect(moved?.after.state).toBe('under_review');
    expect((await new RecordStore(redis, keys).proposal('s5', 's5-c1t1', 1))?.taskId).toBe('s5-c1t1');
    expect((await rt.events.read('s5')).map((event) => event.type)).toEqual(['proposal.drafted', 'task.transition']);
  });

  it('writes neither the record nor the lines when the task moved first', async () => {
    const rt = stores();
    await rt.sessions.create(session('s6'));
    await rt.tasks.create(task('s6', 1));
    await new TaskStore(redis, keys, () => new Date()).move('s6-c1t1', ['drafting'], 'deferred');
    const moved = await rt.tasks.move('s6-c1t1', ['drafting'], 'under_review', {
      events: [rt.events.entry('s6', { type: 'proposal.drafted', actor: 'lead', taskId: 's6-c1t1', message: 'd' })],
      save: rt.records.write.proposal('s6', proposal('s6-c1t1')),
    });
    expect(moved).toBeUndefined();
    expect(await redis.hlen(keys.records('s6'))).toBe(0);
    expect(await rt.events.read('s6')).toEqual([]);
    expect(rt.records.has('s6', recordField.proposal('s6-c1t1', 1))).toBe(false);
  });

  it('saves a review once with its line: a second save keeps the first and appends nothing', async () => {
    const rt = stores();
    const line = () => rt.events.entry('s7', { type: 'review.completed', actor: 'co-lead', message: 'approve' });
    expect(await rt.records.saveOnce(rt.records.write.review('s7', review('s7-c1t1')), line())).toEqual({
      saved: true,
      partnerSaved: false,
    });
    const other = { ...review('s7-c1t1'), verdict: 'reject' as const };
    expect((await rt.records.saveOnce(rt.records.write.review('s7', other), line())).saved).toBe(false);
    expect((await new RecordStore(redis, keys).review('s7', 's7-c1t1', 1))?.verdict).toBe('approve');
    expect(await rt.events.read('s7')).toHaveLength(1);
  });

  it('joins review ∥ assess: of two records saved at once, each naming the other, exactly one save finds both', async () => {
    const rt = stores();
    const line = () => rt.events.entry('s8', { type: 'review.completed', actor: 'co-lead', message: 'x' });
    for (let revision = 1; revision <= 20; revision++) {
      const reviewed = { ...review('s8-c1t1'), revision };
      const assessed = rt.records.write.assessment('s8', {
        taskId: 's8-c1t1',
        revision,
        level: 'low',
        assessedLevel: 'low',
        floor: 'low',
        score: 1,
        factors: [],
        blastRadius: 'one ConfigMap',
        reversibility: 'revert',
        assessor: 'cio',
        createdAt: '2026-11-30T08:00:00.000Z',
      });
      // Side by side on one connection, as two workers' saves reach Redis: whichever runs second sees the first.
      const [r, a] = await Promise.all([
        rt.records.saveOnce(
          rt.records.write.review('s8', reviewed),
          line(),
          recordField.assessment('s8-c1t1', revision),
        ),
        rt.records.saveOnce(assessed, line(), recordField.review('s8-c1t1', revision)),
      ]);
      expect([r.saved, a.saved]).toEqual([true, true]);
      expect([r.partnerSaved, a.partnerSaved].filter(Boolean)).toHaveLength(1);
      // A retry of either, once both are saved, saves nothing and finds the other: it queues decide again (one job).
      const retried = await rt.records.saveOnce(
        rt.records.write.review('s8', reviewed),
        line(),
        recordField.assessment('s8-c1t1', revision),
      );
      expect(retried).toEqual({ saved: false, partnerSaved: true });
    }
  });
});
