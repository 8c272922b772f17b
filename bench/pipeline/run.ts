/**
 * Orchestration overhead: N tasks through Triad's real pipeline with instant stub agents and a no-op apply, beside N
 * jobs through two bare BullMQ chains at the same concurrency, in one run: one of the five stages a task's jobs pass
 * (draft, review, assess, decide, apply; the stricter floor, beside which the other columns are given) and one of the
 * eight stages a session's queues have (observe … report, the floor issue #16 names). Each phase
 * runs in its own process against a redis-server started for the bench (so `INFO commandstats` counts only it).
 * Prints tasks/s, the pipeline / raw ratio against each floor (goal ≤ 3×), Redis commands per task and peak RSS.
 * Run: pnpm exec tsx bench/pipeline/run.ts   (TASKS=100,1000,5000 CONCURRENCY=16)
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);
const SIZES = (process.env.TASKS ?? '100,1000,5000').split(',').map(Number);

interface Result {
  phase: string;
  tasks: number;
  ms: number;
  /** CPU time of the phase's process while it was measured (user + system). */
  cpuMs: number;
  done: number;
  maxRssMb: number;
  commands: number;
  /** Bytes the server received from the phase's clients (`total_net_input_bytes`). */
  bytesIn: number;
}

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const url = `redis://127.0.0.1:${port}`;
const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => (n > 50 ? null : 100) });
redis.on('error', () => {}); // refused until the server is up: the ping below waits for it
await redis.ping();

/** Calls of every command since the last CONFIG RESETSTAT (the phase resets after its warm-up). */
async function commandCalls(): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Bytes the server has received since the last CONFIG RESETSTAT. */
async function bytesIn(): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_net_input_bytes:(\d+)/.exec(info)?.[1] ?? 0);
}

async function measure(phase: 'raw' | 'pipeline', tasks: number, stages?: number): Promise<Result> {
  await redis.flushall();
  await redis.config('RESETSTAT');
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'phase.ts'),
      phase,
      String(tasks),
      ...(stages ? [String(stages)] : []),
    ],
    { env: { ...process.env, REDIS_URL: url }, maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<Result, 'commands' | 'bytesIn'>;
  return { ...result, commands: await commandCalls(), bytesIn: await bytesIn() };
}

try {
  console.log(`concurrency ${process.env.CONCURRENCY ?? 16} per stage; Node ${process.version}`);
  console.log(
    '| tasks | raw BullMQ, 5 / 8 stages | pipeline | ratio to 5 / 8 stages | CPU ms/task raw / pipeline | Redis cmds/task raw / pipeline | KB sent to Redis per task raw / pipeline | peak RSS raw / pipeline |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const tasks of SIZES) {
    const raw = await measure('raw', tasks, 5);
    const raw8 = await measure('raw', tasks, 8);
    const pipeline = await measure('pipeline', tasks);
    const rate = (r: Result) => (r.done / r.ms) * 1000;
    console.log(
      `| ${tasks} | ${rate(raw).toFixed(0)} / ${rate(raw8).toFixed(0)} tasks/s | ${rate(pipeline).toFixed(1)} tasks/s (${pipeline.done} applied) | ` +
        `${(pipeline.ms / raw.ms).toFixed(1)}× / ${(pipeline.ms / raw8.ms).toFixed(1)}× | ${(raw.cpuMs / tasks).toFixed(2)} / ${(pipeline.cpuMs / tasks).toFixed(2)} | ` +
        `${(raw.commands / tasks).toFixed(0)} / ${(pipeline.commands / tasks).toFixed(0)} | ` +
        `${(raw.bytesIn / tasks / 1024).toFixed(1)} / ${(pipeline.bytesIn / tasks / 1024).toFixed(1)} | ` +
        `${raw.maxRssMb.toFixed(0)} / ${pipeline.maxRssMb.toFixed(0)} MB |`,
    );
  }
} finally {
  redis.disconnect();
  server.kill();
}
