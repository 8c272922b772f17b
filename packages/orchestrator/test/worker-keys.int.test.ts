import { join } from 'node:path';
import { analyzeRepo } from '@triad/analyzers';
import { type StubProvider, startStubProvider } from '@triad/llm/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime, startSession, startWorkers, type WorkerPool, waitForSessionEnd } from '../src';
import { fixFor, planAnswer, toolTurns, USAGE } from '../src/test-support/model-stubs';
import { REDIS_URL, remoteCommits, startRig, type TestRig, waitForEvent } from './harness';

const MODELS = { lead: 'anthropic:claude-sonnet-4-6', coLead: 'builtin', cio: 'builtin' };

describe('workers with and without the key of a session’s model, on one prefix', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('a keyless worker leaves the Lead’s jobs to the keyed one, and the session completes through it', async () => {
    let keyed: TestRig | undefined;
    // The Lead on a loopback Anthropic server: plans the reference problems, writes each fix with the fixers' output.
    const lead: StubProvider = await startStubProvider('anthropic', async (request) => {
      if (request.output?.name === 'plan') return planAnswer(request);
      const { files } = await keyed!.rt.repos.latest({ url: keyed!.remote, branch: 'main' });
      if (toolTurns(request) === 0) {
        const outcome = fixFor(files, analyzeRepo(files), request);
        const writes = [...outcome.files].map(([path, content]) => ({ name: 'repo_write', input: { path, content } }));
        return { toolCalls: writes, usage: USAGE.lead };
      }
      return {
        toolCalls: [
          {
            name: 'submit_proposal',
            input: { commit_message: 'fix: the reference problem', addresses: [], adr: null },
          },
        ],
        usage: USAGE.lead,
      };
    });
    cleanup.push(() => lead.close());
    keyed = await startRig({
      workers: false,
      runtime: { models: { providers: { anthropic: { apiKey: 'sk-ant-stub', baseURL: lead.url } } } },
    });
    cleanup.push(() => keyed!.close());
    const keyless: Runtime = createRuntime({
      config: { redisUrl: REDIS_URL, prefix: keyed.prefix, workdir: join(keyed.dir, 'keyless') },
      models: { providers: {} },
    });
    cleanup.push(() => keyless.close());
    const keylessPool: WorkerPool = await startWorkers(keyless, { lockDurationMs: 5000 });
    cleanup.push(() => keylessPool.close());

    // The starting process has the key; for now only the keyless worker is there to take the plan.
    const session = await startSession(keyed.rt, { repo: keyed.remote, durationMs: 120_000, models: MODELS });
    const waiting = await waitForEvent(keyed.rt, session.id, (event) => event.type === 'worker.waiting', 45_000);
    expect(waiting.message).toMatch(/^waiting for a worker with ANTHROPIC_API_KEY: /);
    expect((await keyed.rt.sessions.get(session.id)).state).toBe('running');

    const keyedPool = await startWorkers(keyed.rt, { lockDurationMs: 5000 });
    cleanup.push(() => keyedPool.close());
    const ended = await waitForSessionEnd(keyed.rt, session.id, { timeoutMs: 100_000 });

    expect(ended.endReason).toBe('completed');
    const tasks = await keyed.rt.tasks.list(session.id);
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.filter((task) => task.state === 'failed')).toEqual([]);
    const applied = tasks.filter((task) => task.state === 'applied');
    expect(applied.length).toBeGreaterThan(0);
    const commits = await remoteCommits(keyed.remote);
    for (const task of applied) {
      expect(commits.filter((commit) => commit.trailers['Triad-Task'] === task.id)).toHaveLength(1);
      expect((await keyed.rt.records.proposal(session.id, task.id, task.revision))?.draftedBy).toBe(MODELS.lead);
    }
    expect(lead.requests.length).toBeGreaterThan(0);
    // Told once per session and key, however often a job was handed on.
    const told = (await keyed.rt.events.read(session.id)).filter((event) => event.type === 'worker.waiting');
    expect(told).toHaveLength(1);
  }, 150_000);
});
