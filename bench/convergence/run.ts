/**
 * Convergence: a session of TASKS tasks whose agents answer after a fixed LATENCY_MS per call (plan once, then per
 * task one draft, one review and one assessment), at CONCURRENCY jobs per stage, with a no-op apply (the apply stage's
 * own cost is bench/apply's subject). Prints the wall time from the session's start to its last applied task and to its
 * end, beside the critical path that the same latencies allow at that concurrency (goal: wall ≤ 1.3× it).
 *
 * The critical path comes from the dependencies: plan → draft(i) → review(i) ∥ assess(i) → decide(i) → apply(i),
 * each model stage with CONCURRENCY slots, decide and apply taking no model time. It is computed by scheduling the
 * same jobs, earliest first, on the same slots with zero overhead.
 *
 * SESSIONS sessions run one after another in the same process on the same repository: the first pays for a new
 * process and the first clone; the later ones show a worker that has served a session before. The workers warm up at
 * start, as `triad worker` does (`warmUp`: the analyzers run once on built-in files before any job is taken);
 * WARM_UP=0 starts them without it, so that the first session also pays for compiling the analyzers.
 * Run: pnpm exec tsx bench/convergence/run.ts   (TASKS=20 LATENCY_MS=200 CONCURRENCY=4 SESSIONS=2 WARM_UP=1, REDIS_URL)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agents } from '@triad/agents';
import { createRuntime, HANDLERS, startSession, startWorkers, waitForSessionEnd } from '@triad/orchestrator';
import { deletePrefix } from '@triad/orchestrator/test-support';
import { createBareRemote, HOMELAB_EXAMPLE } from '@triad/sim';
import { noopApply } from '../pipeline/noop-apply.ts';

const TASKS = Number(process.env.TASKS ?? 20);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SESSIONS = Number(process.env.SESSIONS ?? 2);
const WARM_UP = process.env.WARM_UP !== '0';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Agents whose every call takes LATENCY_MS, like a model at a fixed latency: one plan of TASKS tasks, then none. */
function slowAgents(): () => Agents {
  let planned = false;
  let session = '';
  const agents: Agents = {
    lead: {
      name: 'bench:fixed-latency',
      async plan(_input, context) {
        await wait(LATENCY_MS);
        if (session !== context.session.id) planned = false; // each session plans its tasks once
        session = context.session.id;
        if (planned) return [];
        planned = true;
        return Array.from({ length: TASKS }, (_, i) => ({
          title: `bench task ${i + 1}`,
          category: 'docs' as const,
          priority: 1,
          findingIds: [],
        }));
      },
      async draft({ task }) {
        await wait(LATENCY_MS);
        const name = task.id.toLowerCase();
        return {
          kind: 'proposal',
          edits: [
            { path: `bench/${name}.yaml`, after: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n` },
          ],
          commitMessage: `bench: ${task.title}`,
          addresses: [],
        };
      },
    },
    coLead: {
      name: 'bench:fixed-latency',
      async review() {
        await wait(LATENCY_MS);
        return { verdict: 'approve', comments: [], adrRequired: false };
      },
    },
    cio: {
      name: 'bench:fixed-latency',
      async assess() {
        await wait(LATENCY_MS);
        return { level: 'low', score: 1, factors: ['bench'], blastRadius: 'one ConfigMap', reversibility: 'revert' };
      },
    },
  };
  return () => agents;
}

/** The makespan of the same jobs with zero overhead: each model stage has CONCURRENCY slots, earliest job first. */
function criticalPath(): number {
  const slots = () => Array.from({ length: CONCURRENCY }, () => 0);
  const run = (free: number[], ready: number) => {
    const slot = free.indexOf(Math.min(...free));
    const start = Math.max(ready, free[slot]!);
    free[slot] = start + LATENCY_MS;
    return free[slot]!;
  };
  const planned = LATENCY_MS;
  const draft = slots();
  const review = slots();
  const assess = slots();
  let last = planned;
  const drafted = Array.from({ length: TASKS }, () => run(draft, planned)).sort((a, b) => a - b);
  for (const at of drafted) last = Math.max(last, run(review, at), run(assess, at));
  return last;
}

const dir = await mkdtemp(join(tmpdir(), 'triad-bench-convergence-'));
const prefix = `bench-${randomBytes(3).toString('hex')}`;
const { remote } = await createBareRemote(HOMELAB_EXAMPLE, dir);
HANDLERS.apply = noopApply;
const rt = createRuntime({
  config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'work'), concurrency: CONCURRENCY },
  agents: slowAgents(),
});
const pool = await startWorkers(rt, { concurrency: CONCURRENCY, warmUp: WARM_UP });
const path = criticalPath();
console.log(`${TASKS} tasks, ${LATENCY_MS} ms per model call, concurrency ${CONCURRENCY}; Node ${process.version}`);
console.log(
  '| session | critical path (baseline) | last task applied | ratio | session ended (report committed) | tasks applied |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
try {
  for (let round = 1; round <= SESSIONS; round++) {
    const started = Date.now();
    const session = await startSession(rt, { repo: remote, durationMs: 3_600_000 });
    await waitForSessionEnd(rt, session.id, { timeoutMs: 600_000 });
    const ended = Date.now() - started;
    const events = await rt.events.read(session.id);
    const appliedAt = events
      .filter(
        (event) => event.type === 'task.transition' && (event.data as { to?: string } | undefined)?.to === 'applied',
      )
      .map((event) => Date.parse(event.at));
    if (process.env.TRACE)
      for (const e of events) console.log(Date.parse(e.at) - started, e.type, e.message.slice(0, 90));
    const tasks = await rt.tasks.list(session.id);
    const applied = tasks.filter((task) => task.state === 'applied').length;
    const converged = appliedAt.length > 0 ? Math.max(...appliedAt) - started : Number.NaN;
    const which =
      round === 1
        ? `1 (new process${WARM_UP ? ', warmed up' : ', not warmed up'}, first clone)`
        : `${round} (same process)`;
    console.log(
      `| ${which} | ${path} ms | ${converged} ms | ${(converged / path).toFixed(2)}× | ${ended} ms | ${applied} of ${TASKS} |`,
    );
  }
} finally {
  await pool.close();
  await rt.close();
  await deletePrefix(REDIS_URL, prefix);
  await rm(dir, { recursive: true, force: true });
}
