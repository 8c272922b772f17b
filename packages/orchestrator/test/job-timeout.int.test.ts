import { type StubProvider, startStubProvider } from '@triad/llm/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, startWorkers, waitForSessionEnd } from '../src';
import { planAnswer } from '../src/test-support/model-stubs';
import { startRig, type TestRig, within } from './harness';

describe('a job that runs past its stage’s time limit', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('is stopped with a named reason: its task fails and the session goes on, long before its deadline', async () => {
    let draftCalls = 0;
    // A Lead that plans, then never finishes answering a draft: only the job's limit can end the call.
    const lead: StubProvider = await startStubProvider('anthropic', (request) => {
      if (request.output?.name === 'plan') return planAnswer(request);
      draftCalls += 1;
      return new Promise(() => {});
    });
    cleanup.push(() => lead.close());
    const current: TestRig = await startRig({
      workers: false,
      runtime: { models: { providers: { anthropic: { apiKey: 'sk-ant-stub', baseURL: lead.url } } } },
    });
    cleanup.push(() => current.close());
    const pool = await startWorkers(current.rt, { lockDurationMs: 5000, stageTimeoutsMs: { draft: 10_000 } });
    cleanup.push(() => pool.close());

    const session = await startSession(current.rt, {
      repo: current.remote,
      durationMs: 600_000,
      models: { lead: 'anthropic:claude-sonnet-4-6', coLead: 'builtin', cio: 'builtin' },
    });
    // Far sooner than the session's 10 minutes: every draft is cut at 10 s and the session ends on its own.
    const ended = await within(waitForSessionEnd(current.rt, session.id), 90_000, 'session end');

    expect(ended.endReason).toBe('completed');
    const tasks = await current.rt.tasks.list(session.id);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(task.state).toBe('failed');
      expect(task.reason).toMatch(/^draft failed: draft job \S+ ran past its 10s limit and was stopped$/);
    }
    expect(draftCalls).toBeGreaterThanOrEqual(tasks.length);
  }, 120_000);
});
