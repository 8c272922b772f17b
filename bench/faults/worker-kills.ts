import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, startSession, waitForSessionEnd } from '@triad/orchestrator';
import { deletePrefix } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';
import { afterEvents } from './event-count.ts';
import { type SessionFigures, sessionFigures } from './session-figures.ts';

export interface KillRun extends SessionFigures {
  kills: number;
  sessionMs: number;
}

function startWorker(workerDir: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

/** One session on two worker processes; every `1..maxGap` events one of them is SIGKILLed and replaced. */
export async function workerKillRun(
  example: string,
  workerDir: string,
  redisUrl: string,
  maxKills: number,
  maxGap: number,
) {
  const dir = await mkdtemp(join(tmpdir(), 'triad-fault-kill-'));
  const prefix = `triadfault-${randomBytes(4).toString('hex')}`;
  const { remote } = await createBareRemote(example, dir);
  const env = {
    ...process.env,
    REDIS_URL: redisUrl,
    TRIAD_PREFIX: prefix,
    TRIAD_WORKDIR: join(dir, 'workers'),
    TRIAD_LOCK_DURATION_MS: '1000',
    LOG_LEVEL: 'silent',
  };
  const workers = await Promise.all([startWorker(workerDir, env), startWorker(workerDir, env)]);
  const rt = createRuntime({ config: { redisUrl, prefix, workdir: join(dir, 'cli') } });
  let kills = 0;
  try {
    const started = Date.now();
    const session = await startSession(rt, { repo: remote, durationMs: 300_000, approvalTimeoutMs: 1000 });
    const from = { cursor: '0-0' };
    while (kills < maxKills && (await afterEvents(rt, session.id, 1 + Math.floor(Math.random() * maxGap), from))) {
      const index = Math.floor(Math.random() * workers.length);
      const victim = workers[index]!;
      const exited = new Promise((resolve) => victim.once('exit', resolve));
      process.kill(-(victim.pid ?? 0), 'SIGKILL');
      await exited;
      kills += 1;
      workers[index] = await startWorker(workerDir, env);
    }
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 280_000 });
    const figures = await sessionFigures(remote, ended, await rt.tasks.list(session.id));
    return { ...figures, kills, sessionMs: Date.now() - started } satisfies KillRun;
  } finally {
    for (const worker of workers) if (worker.exitCode === null) process.kill(-(worker.pid ?? 0), 'SIGKILL');
    await rt.close();
    await deletePrefix(redisUrl, prefix);
    await rm(dir, { recursive: true, force: true });
  }
}
