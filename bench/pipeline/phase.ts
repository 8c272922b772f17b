/**
 * One measured phase in its own process (so its peak RSS is its own), against REDIS_URL:
 *   pipeline <N> — a real session (observe → plan → draft → review ∥ assess → decide → apply → report) with instant
 *                  stub agents and a no-op apply, on a bare git remote seeded from examples/homelab;
 *   raw <N> [S]  — N jobs through a bare BullMQ chain of S stages (default 5: the per-task stages draft, review,
 *                  assess, decide, apply; 8 is every stage a session's queues have, observe … report), each worker
 *                  adding the next.
 * Both at CONCURRENCY jobs per stage, each timed after an untimed round of WARMUP tasks in the same process (modules
 * loaded, JIT warm: a worker's steady state). Prints one JSON line.
 * PROFILE=<dir> writes a CPU profile of the timed part alone (no module loading, no warm-up) to <dir>/<phase>-<N>.cpuprofile.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session as Inspector } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, HANDLERS, startSession, startWorkers, waitForSessionEnd } from '@triad/orchestrator';
import { createBareRemote, HOMELAB_EXAMPLE } from '@triad/sim';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { noopApply } from './noop-apply.ts';
import { instantAgents } from './stub-agents.ts';

const [phase, count, stages] = process.argv.slice(2);
const N = Number(count);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
/** Stages of the raw chain: by default those a task's jobs pass through in the pipeline (draft, review, assess, decide, apply). */
const RAW_STAGES = Number(stages ?? 5);
const prefix = `bench-${randomBytes(3).toString('hex')}`;
/** Tasks of the untimed first round that warms each phase's process up. */
const WARMUP = 10;

async function pipeline(): Promise<{ ms: number; done: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-bench-pipeline-'));
  const { remote } = await createBareRemote(HOMELAB_EXAMPLE, dir);
  HANDLERS.apply = noopApply;
  const rt = createRuntime({
    config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'work'), concurrency: CONCURRENCY },
    agents: instantAgents(WARMUP, N),
  });
  const pool = await startWorkers(rt, { concurrency: CONCURRENCY });
  try {
    // A small session first, untimed: modules load and the JIT warms, as in a worker that has served before.
    const warmup = await startSession(rt, { repo: remote, durationMs: 3_600_000 });
    await waitForSessionEnd(rt, warmup.id, { timeoutMs: 600_000 });
    await resetCommandStats();
    const profile = await startProfile();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const session = await startSession(rt, { repo: remote, durationMs: 3_600_000 });
    await waitForSessionEnd(rt, session.id, { timeoutMs: 3_600_000 });
    const ms = performance.now() - started;
    cpuSince(cpu);
    await profile();
    if (process.env.TIMELINE) {
      const events = await rt.events.read(session.id, '0', 1_000_000);
      const t0 = Date.parse(events[0]!.at);
      const marks = new Map<string, number>();
      for (const e of events) {
        const key = `${e.type}${e.type === 'task.transition' ? ` ${(e.data as { to: string }).to}` : ''}`;
        const t = Date.parse(e.at) - t0;
        if (!marks.has(`first ${key}`)) marks.set(`first ${key}`, t);
        marks.set(`last ${key}`, t);
      }
      console.error(
        [...marks]
          .sort((a, b) => a[1] - b[1])
          .map(([k, v]) => `${String(v).padStart(6)} ms ${k}`)
          .join('\n'),
      );
    }
    const done = (await rt.tasks.list(session.id)).filter((t) => t.state === 'applied').length;
    return { ms, done };
  } finally {
    await pool.close();
    await rt.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function raw(): Promise<{ ms: number; done: number }> {
  const connection = () => new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = Array.from(
    { length: RAW_STAGES },
    (_, i) => new Queue(`raw${i}`, { connection: connection(), prefix }),
  );
  let round = { done: 0, of: 0, finish: () => {} };
  const workers = queues.map(
    (_queue, i) =>
      new Worker(
        `raw${i}`,
        async (job) => {
          const next = queues[i + 1];
          if (next) await next.add('stage', job.data, { jobId: `${job.data.id}-s${i + 1}` });
          else if (++round.done === round.of) round.finish();
        },
        { connection: connection(), prefix, concurrency: CONCURRENCY },
      ),
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  /** `count` jobs through the chain; resolves when the last one left the last stage. */
  const chain = async (count: number, tag: string) => {
    const finished = new Promise<void>((resolve) => {
      round = { done: 0, of: count, finish: resolve };
    });
    await queues[0]!.addBulk(
      Array.from({ length: count }, (_, i) => ({
        name: 'stage',
        data: { id: `${tag}${i}` },
        opts: { jobId: `${tag}${i}-s0` },
      })),
    );
    await finished;
  };
  await chain(WARMUP, 'w'); // untimed, like the pipeline's warm-up session
  await resetCommandStats();
  const profile = await startProfile();
  const started = performance.now();
  const cpu = process.cpuUsage();
  await chain(N, 't');
  const ms = performance.now() - started;
  cpuSince(cpu);
  await profile();
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(queues.map((q) => q.close()));
  return { ms, done: round.done };
}

/** Redis counts commands from here on: the caller reads `INFO commandstats` once the phase is over. */
async function resetCommandStats(): Promise<void> {
  const admin = new Redis(REDIS_URL);
  await admin.config('RESETSTAT');
  admin.disconnect();
}

/** With PROFILE set, starts V8's CPU profiler; the function returned stops it and writes the profile. */
async function startProfile(): Promise<() => Promise<void>> {
  const dir = process.env.PROFILE;
  if (!dir) return async () => {};
  const inspector = new Inspector();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
  return async () => {
    const { profile } = await inspector.post('Profiler.stop');
    await writeFile(join(dir, `${phase}${phase === 'raw' ? RAW_STAGES : ''}-${N}.cpuprofile`), JSON.stringify(profile));
    inspector.disconnect();
  };
}

/** CPU time (user + system, ms) of this process between the measured start and end. */
let cpuDuring = 0;
const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  cpuDuring = (used.user + used.system) / 1000;
};
const result = phase === 'raw' ? await raw() : await pipeline();
const usage = process.resourceUsage();
console.log(JSON.stringify({ phase, tasks: N, ...result, cpuMs: cpuDuring, maxRssMb: usage.maxRSS / 1024 }));
process.exit(0);
