/**
 * Apply throughput: a built-in session (no model, no cluster) on a generated repository of MANIFESTS manifests
 * (bench/scan's generator: privileged pods, literal credentials, missing decryption…), everything auto-approved, run
 * twice in one go: landing one task per push (`applyBatch: 1`, the baseline) and landing what is ready together
 * (the default). Prints tasks applied, the time from the first task that started applying to the last that landed,
 * tasks per minute, how long after the last task was approved the last one landed (the apply stage's own backlog,
 * apart from how fast drafts and reviews reach it), and commits and pushes on the remote.
 * Run: pnpm exec tsx bench/apply/run.ts   (MANIFESTS=300, REDIS_URL)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRuntime, startSession, startWorkers, waitForSessionEnd } from '@triad/orchestrator';
import { deletePrefix } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';
import { generateRepo } from '../scan/generate-repo.ts';

const MANIFESTS = Number(process.env.MANIFESTS ?? 300);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = promisify(execFile);

interface Figures {
  applied: number;
  landingMs: number;
  /** From the last task approved for apply (moved to applying) to the last landed: the apply stage's own backlog. */
  tailMs: number;
  commits: number;
  pushes: number;
}

async function measure(applyBatch: number | undefined): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-bench-apply-'));
  const source = join(dir, 'source');
  await mkdir(source);
  await generateRepo(source, MANIFESTS);
  const { remote } = await createBareRemote(source, dir);
  // Each push a client makes reaches the remote's reflog; the bare remote keeps one.
  await run('git', ['-C', remote, 'config', 'core.logAllRefUpdates', 'true']);
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const rt = createRuntime({
    config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'work'), ...(applyBatch ? { applyBatch } : {}) },
  });
  const pool = await startWorkers(rt);
  try {
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 3_600_000,
      autoApprove: 'critical',
      maxCycles: 1,
    });
    await waitForSessionEnd(rt, session.id, { timeoutMs: 1_800_000 });
    const events = await rt.events.read(session.id);
    const at = (to: string) =>
      events
        .filter((e) => e.type === 'task.transition' && (e.data as { to?: string } | undefined)?.to === to)
        .map((e) => Date.parse(e.at));
    const applying = at('applying');
    const applied = at('applied');
    const commits = Number(
      (await run('git', ['-C', remote, 'rev-list', '--count', '--grep=Triad-Task:', 'main'])).stdout.trim(),
    );
    const pushes = (await run('git', ['-C', remote, 'reflog', 'show', '--format=%H', 'refs/heads/main'])).stdout
      .trim()
      .split('\n')
      .filter(Boolean).length;
    return {
      applied: applied.length,
      landingMs: applied.length > 0 ? Math.max(...applied) - Math.min(...applying) : Number.NaN,
      tailMs: applied.length > 0 ? Math.max(...applied) - Math.max(...applying) : Number.NaN,
      commits,
      pushes,
    };
  } finally {
    await pool.close();
    await rt.close();
    await deletePrefix(REDIS_URL, prefix);
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`${MANIFESTS} generated manifests, built-in agents, no cluster; Node ${process.version}`);
console.log(
  '| apply | tasks applied | first applying → last applied | tasks/min | last applying → last applied | Triad commits | pushes to main |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const modes = [
  ['one push per task (baseline)', 1],
  ['ready tasks pushed together', undefined],
] as const;
for (const [label, batch] of process.env.ONLY_BATCHED ? modes.slice(1) : modes) {
  const f = await measure(batch);
  console.log(
    `| ${label} | ${f.applied} | ${(f.landingMs / 1000).toFixed(1)} s | ${((f.applied / f.landingMs) * 60_000).toFixed(0)} | ${(f.tailMs / 1000).toFixed(1)} s | ${f.commits} | ${f.pushes} |`,
  );
}
process.exit(0);
