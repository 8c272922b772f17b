import { jobIds } from '@triad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, stopSession, waitForSessionEnd } from '../src';
import { startRig, type TestRig, waitForEvent } from './harness';
import { agentsWith, blockingLead } from './scripted-agents';

describe('the time box, the budget and a stop end a session cleanly', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('at the deadline: aborts in-flight model work, defers every open task, and the report lists them', async () => {
    const aborted: unknown[] = [];
    current = await startRig({ agents: agentsWith(blockingLead((reason) => aborted.push(reason))) });
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 60_000 });
    // The deadline is a job delayed by the session's duration; once a draft is in flight, it fires now (no waiting
    // out the minute, and no race between a short time box and a loaded machine).
    await waitForEvent(rt, session.id, (event) => event.type === 'task.transition' && event.data?.to === 'drafting');
    const deadline = await rt.queues.get('report').getJob(jobIds.deadline(session.id));
    expect(deadline?.opts.delay).toBe(60_000);
    expect(await deadline?.getState()).toBe('delayed');
    await deadline?.promote();
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 30_000 });

    expect(ended).toMatchObject({ state: 'ended', endReason: 'deadline' });
    const tasks = await rt.tasks.list(session.id);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks)
      expect(task).toMatchObject({ state: 'deferred', reason: expect.stringContaining('deadline') });
    expect(aborted.length).toBeGreaterThan(0);
    const report = await rt.records.report(session.id);
    const priorities = report?.markdown.split(/^## /m).find((section) => /next human session/i.test(section)) ?? '';
    for (const task of tasks) expect(priorities).toContain(task.id);
  });

  it('ends with `budget` when model calls spend the token budget, and counts the usage', async () => {
    current = await startRig({
      agents: agentsWith(blockingLead(() => {}, { inputTokens: 700, outputTokens: 400 })),
    });
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, budget: { maxTokens: 1000 } });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 30_000 });

    expect(ended).toMatchObject({ endReason: 'budget', endMessage: 'spent 1100 of 1000 tokens' });
    expect(ended.usage).toMatchObject({ inputTokens: 700, outputTokens: 400, calls: 1 });
    const events = await rt.events.read(session.id);
    expect(events.filter((event) => event.type === 'model.call')).toHaveLength(1);
    const tasks = await rt.tasks.list(session.id);
    expect(tasks.every((task) => task.state === 'deferred')).toBe(true);
  });

  it('`stop` ends a running session the same way, once', async () => {
    const aborted: unknown[] = [];
    current = await startRig({ agents: agentsWith(blockingLead((reason) => aborted.push(reason))) });
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, startedBy: 'alice' });
    await waitForEvent(rt, session.id, (event) => event.type === 'task.transition' && event.data?.to === 'drafting');
    // An approval that would expire in an hour: its timer must go with the session.
    const expiry = jobIds.approvalExpiry(`${session.id}-t9`, 1);
    await rt.queues.add(
      'decide',
      'expire-approval',
      expiry,
      { sessionId: session.id, taskId: `${session.id}-t9` },
      {
        delay: 3_600_000,
      },
    );
    await stopSession(rt, session.id, 'bob');
    await expect(stopSession(rt, session.id)).rejects.toMatchObject({ code: 'session_not_running' });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 30_000 });

    expect(ended).toMatchObject({ endReason: 'stopped', startedBy: 'alice', stoppedBy: 'bob' });
    expect(ended.endMessage).toBe('stopped by bob');
    const events = await rt.events.read(session.id);
    expect(events.find((event) => event.type === 'session.started')?.message).toMatch(
      /^commit session started by alice on /,
    );
    expect(events.find((event) => event.type === 'session.stopping')?.data).toMatchObject({ by: 'bob' });
    expect(await rt.queues.get('report').getJob(jobIds.deadline(session.id))).toBeUndefined();
    expect(await rt.queues.get('decide').getJob(expiry)).toBeUndefined();
    expect(aborted.length).toBeGreaterThan(0);
    expect((await rt.tasks.list(session.id)).every((task) => task.state === 'deferred')).toBe(true);
  });
});
