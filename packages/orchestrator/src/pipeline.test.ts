import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobIds } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { createEnqueue, createEnqueueAll, defaultStageTimeouts, PIPELINE, STAGES, type StepName } from './pipeline';
import type { Queues } from './queues';
import type { Runtime } from './runtime';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/**
 * Calls that put a job on a queue without the pipeline table: `x.queues.add(`, `x.flow.add(` (a FlowProducer, which
 * Triad no longer uses), `queues.get(s).add(`.
 */
const QUEUE_WRITE =
  /\.\s*queues\s*\.\s*add\s*\(|\.\s*flow\s*\.\s*add\s*\(|queues\s*\.\s*get\s*\([^)]*\)\s*\.\s*add(Bulk)?\s*\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A fake `Queues` that records what was added, so `enqueue` is checked without Redis. */
function recordingQueues() {
  const added: Array<{ queue: string; name: string; jobId: string; data: unknown; options: unknown }> = [];
  /** The size of each `addMany`. */
  const batches: number[] = [];
  const queues = {
    add: async (queue: string, name: string, jobId: string, data: unknown, options: unknown) => {
      added.push({ queue, name, jobId, data, options });
    },
    addMany: async (queue: string, jobs: { name: string; jobId: string; data: unknown; options: unknown }[]) => {
      batches.push(jobs.length);
      for (const job of jobs) added.push({ queue, ...job });
    },
  } as unknown as Queues;
  return { queues, added, batches };
}

describe('the pipeline table', () => {
  it('gives every stage its own queue, a handler, a job id rule and a time limit', () => {
    for (const stage of STAGES) {
      const row = PIPELINE[stage];
      expect(row.queue, stage).toBe(stage);
      expect(row.job, stage).toBe(stage);
      expect(typeof row.handler.run, stage).toBe('function');
      expect(typeof row.jobId, stage).toBe('function');
      expect(defaultStageTimeouts(60_000)[stage], stage).toBeGreaterThan(0);
    }
    expect(defaultStageTimeouts(60_000).verify).toBeGreaterThan(60_000);
  });

  it('puts each timer on a stage queue under a job name of its own, with its own handler', () => {
    const timers = (Object.keys(PIPELINE) as StepName[]).filter((name) => !(STAGES as string[]).includes(name));
    expect(timers.sort()).toEqual(['approval-expiry', 'deadline', 'follow-pull-request']);
    for (const timer of timers) {
      const row = PIPELINE[timer];
      expect(STAGES).toContain(row.queue);
      expect(row.job).not.toBe(row.queue);
      expect(row.handler).not.toBe(PIPELINE[row.queue].handler);
    }
  });

  it("keeps today's job ids byte for byte, none with a ':'", () => {
    const task = { sessionId: 's1', taskId: 's1-c1t2', revision: 3 };
    const ids = {
      observe: PIPELINE.observe.jobId({ sessionId: 's1', cycle: 2 }),
      plan: PIPELINE.plan.jobId({ sessionId: 's1', cycle: 2 }),
      draft: PIPELINE.draft.jobId(task),
      review: PIPELINE.review.jobId(task),
      assess: PIPELINE.assess.jobId(task),
      decide: PIPELINE.decide.jobId(task),
      apply: PIPELINE.apply.jobId(task),
      verify: PIPELINE.verify.jobId(task),
      report: PIPELINE.report.jobId({ sessionId: 's1' }),
      deadline: PIPELINE.deadline.jobId({ sessionId: 's1' }),
      'approval-expiry': PIPELINE['approval-expiry'].jobId(task),
      'follow-pull-request': PIPELINE['follow-pull-request'].jobId({ ...task, poll: 4 }),
    } satisfies Record<StepName, string>;
    expect(ids).toEqual({
      observe: 'observe-s1-c2',
      plan: 'plan-s1-c2',
      draft: 'draft-s1-c1t2-r3',
      review: 'review-s1-c1t2-r3',
      assess: 'assess-s1-c1t2-r3',
      decide: 'decide-s1-c1t2-r3',
      apply: 'apply-s1-c1t2-r3',
      verify: 'verify-s1-c1t2-r3',
      report: 'report-s1',
      deadline: 'deadline-s1',
      'approval-expiry': 'expire-s1-c1t2-r3',
      'follow-pull-request': 'follow-s1-c1t2-r3-p4',
    });
    for (const id of Object.values(ids)) expect(id).not.toContain(':');
    expect(ids.draft).toBe(jobIds.draft('s1-c1t2', 3));
  });
});

/**
 * What ending a session takes (`finalize`): the session, its tasks and approvals, the event log, the abort of its model
 * calls, its timers, the report's job. Every stage but observe may end one (a task settles, a call spends the budget).
 */
const ENDS_SESSION = [
  'aborts',
  'approvals',
  'clock',
  'enqueue',
  'events',
  'keys',
  'logger',
  'queues',
  'redis',
  'sessions',
  'tasks',
] as const satisfies readonly (keyof Runtime)[];

/** Each step's context, written out: a handler's context grows (or a helper's, under it) only when this says so. */
const CONTEXTS: Record<StepName, ReadonlyArray<keyof Runtime>> = {
  observe: ['analyze', 'clock', 'cluster', 'events', 'records', 'repos', 'sessions'],
  plan: [...ENDS_SESSION, 'agents', 'cluster', 'records', 'repos'],
  draft: [...ENDS_SESSION, 'agents', 'cluster', 'config', 'records', 'repos'],
  review: [...ENDS_SESSION, 'agents', 'cluster', 'records', 'repos'],
  assess: [...ENDS_SESSION, 'agents', 'cluster', 'records', 'repos'],
  decide: [...ENDS_SESSION, 'onApprovalRequested', 'records'],
  apply: [...ENDS_SESSION, 'config', 'forge', 'promptVersions', 'pullRequestPollMs', 'records', 'repoLock', 'repos'],
  verify: [...ENDS_SESSION, 'cluster', 'config', 'forge', 'records', 'repoLock', 'repos', 'verifyWindowMs'],
  report: [...ENDS_SESSION, 'analyze', 'cluster', 'config', 'records', 'repoLock', 'repos'],
  deadline: [...ENDS_SESSION],
  'approval-expiry': [...ENDS_SESSION],
  'follow-pull-request': [...ENDS_SESSION, 'forge', 'promptVersions', 'pullRequestPollMs', 'records', 'repos'],
};

describe('handler contexts', () => {
  it('gives each step the runtime members written out above, and no more', () => {
    const declared = Object.fromEntries(
      Object.entries(PIPELINE).map(([step, row]) => [step, [...new Set(row.handler.context)].sort()]),
    );
    const expected = Object.fromEntries(
      Object.entries(CONTEXTS).map(([step, keys]) => [step, [...new Set(keys)].sort()]),
    );
    expect(declared).toEqual(expected);
  });

  it('keeps what only the worker and the apps need out of every handler', () => {
    const workerOnly: Array<keyof Runtime> = [
      'connect',
      'close',
      'redisOutage',
      'callLimits',
      'forgeTokens',
      'fourEyes',
    ];
    for (const [step, row] of Object.entries(PIPELINE)) {
      for (const key of workerOnly) expect(row.handler.context, `${step} holds ${key}`).not.toContain(key);
    }
  });
});

describe('docs/design.md', () => {
  it("draws the table's steps with their job ids", () => {
    const design = readFileSync(join(SRC, '../../../docs/design.md'), 'utf8');
    // Placeholders in place of the data, as the document writes them (`draft-<task>-r<rev>`).
    const data = { sessionId: '<session>', taskId: '<task>', cycle: '<cycle>', revision: '<rev>', poll: '<n>' };
    for (const [step, row] of Object.entries(PIPELINE)) {
      const id = (row.jobId as (placeholders: typeof data) => string)(data);
      expect(design, step).toContain(`| \`${row.queue}\``);
      expect(design, step).toContain(`| \`${id}\` |`);
    }
  });
});

describe('enqueue', () => {
  it('takes the job id and options from the table: a first draft by priority, a timer by its delay', async () => {
    const { queues, added } = recordingQueues();
    const enqueue = createEnqueue(queues);
    await enqueue({ stage: 'draft', data: { sessionId: 's1', taskId: 's1-c1t1', revision: 1 }, taskPriority: 80 });
    await enqueue({ stage: 'draft', data: { sessionId: 's1', taskId: 's1-c1t1', revision: 2 } });
    await enqueue({ stage: 'deadline', data: { sessionId: 's1' }, delayMs: 60_000 });
    expect(added.map(({ queue, name, jobId }) => [queue, name, jobId])).toEqual([
      ['draft', 'draft', 'draft-s1-c1t1-r1'],
      ['draft', 'draft', 'draft-s1-c1t1-r2'],
      ['report', 'deadline', 'deadline-s1'],
    ]);
    expect(added[0]?.options).toMatchObject({ attempts: 5, priority: 20 });
    expect(added[1]?.options).not.toHaveProperty('priority');
    expect(added[2]?.options).toMatchObject({ delay: 60_000 });
  });

  it('sends the steps of one queue together, each with the id and options enqueue gives it', async () => {
    const { queues, added, batches } = recordingQueues();
    const drafts = [1, 2, 3].map((n) => ({
      stage: 'draft' as const,
      data: { sessionId: 's1', taskId: `s1-c1t${n}`, revision: 1 },
      taskPriority: 80,
    }));
    await createEnqueueAll(queues)([
      ...drafts,
      { stage: 'deadline', data: { sessionId: 's1' }, delayMs: 60_000 },
      { stage: 'review', data: { sessionId: 's1', taskId: 's1-c1t9', revision: 1 } },
    ]);
    expect(batches).toEqual([3]);
    expect(added.map(({ queue, jobId }) => [queue, jobId])).toEqual([
      ['draft', 'draft-s1-c1t1-r1'],
      ['draft', 'draft-s1-c1t2-r1'],
      ['draft', 'draft-s1-c1t3-r1'],
      ['report', 'deadline-s1'],
      ['review', 'review-s1-c1t9-r1'],
      ['assess', 'assess-s1-c1t9-r1'],
    ]);
    expect(added[0]?.options).toMatchObject({ attempts: 5, priority: 20 });
    expect(added[3]?.options).toMatchObject({ delay: 60_000 });
  });

  it('queues review ∥ assess as two jobs on their own queues, and decide alone (the join queues it)', async () => {
    const { queues, added } = recordingQueues();
    const enqueue = createEnqueue(queues);
    await enqueue({ stage: 'review', data: { sessionId: 's1', taskId: 's1-c1t1', revision: 2 } });
    await enqueue({ stage: 'decide', data: { sessionId: 's1', taskId: 's1-c1t1', revision: 2 } });
    expect(added.map(({ queue, name, jobId }) => [queue, name, jobId])).toEqual([
      ['review', 'review', 'review-s1-c1t1-r2'],
      ['assess', 'assess', 'assess-s1-c1t1-r2'],
      ['decide', 'decide', 'decide-s1-c1t1-r2'],
    ]);
    for (const job of added)
      expect(job.options, job.queue).toMatchObject({ attempts: 5, removeOnComplete: { age: 86400 } });
  });
});

describe('the only way onto a queue', () => {
  it('recognises a job added past the table, on one line or across several', () => {
    expect(QUEUE_WRITE.test("await rt.queues.add('draft', 'draft', id, data);")).toBe(true);
    expect(QUEUE_WRITE.test('await rt.queues\n  .add(')).toBe(true);
    expect(QUEUE_WRITE.test('await rt.queues.flow.add({ name: "decide" })')).toBe(true);
    expect(QUEUE_WRITE.test("await rt.queues.get('draft').add('draft', data)")).toBe(true);
    expect(QUEUE_WRITE.test("await rt.enqueue({ stage: 'draft', data })")).toBe(false);
    expect(QUEUE_WRITE.test("await rt.queues.get('report').remove(id)")).toBe(false);
  });

  it('is enqueue: no source file but pipeline.ts adds a job itself', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .filter((file) => relative(SRC, file) !== 'pipeline.ts')
      .filter((file) => QUEUE_WRITE.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
