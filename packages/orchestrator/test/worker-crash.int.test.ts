import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, startSession, waitForSessionEnd } from '../src';
import { createHomelabRemote, deletePrefix, REDIS_URL, remoteCommits, run } from './harness';

const WORKER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/worker');

/** A `git` in front of the real one: after its first push lands it signals and hangs, like a worker that dies there. */
async function hangAfterPushGit(dir: string) {
  const realGit = (await run('sh', ['-c', 'command -v git'])).stdout.trim();
  const marker = join(dir, 'pushed');
  await mkdir(join(dir, 'bin'), { recursive: true });
  const shim = join(dir, 'bin', 'git');
  await writeFile(
    shim,
    `#!/bin/sh
case " $* " in
  *" push "*)
    if [ ! -f "${marker}" ]; then
      "${realGit}" "$@"; code=$?
      touch "${marker}"
      while :; do sleep 1; done
    fi ;;
esac
exec "${realGit}" "$@"
`,
  );
  await chmod(shim, 0o755);
  return { binDir: join(dir, 'bin'), marker };
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env,
    detached: true, // its own process group, so SIGKILL takes its git children too
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not get ready within 20 s')), 20_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

function waitForFile(path: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(path), () => {
      if (existsSync(path)) done();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path} did not appear within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    if (existsSync(path)) done();
  });
}

describe('a worker killed while applying', () => {
  const children: ChildProcess[] = [];
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM'); // graceful: the worker closes its BullMQ workers and exits
      await exited;
    }
    for (const step of cleanup.reverse()) await step();
  });

  it('loses no task and makes exactly one commit per task when another worker takes over', async () => {
    const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
    const { dir, remote } = await createHomelabRemote();
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    cleanup.push(() => deletePrefix(prefix));
    const rt = createRuntime({ config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'cli') } });
    cleanup.push(() => rt.close());
    const shim = await hangAfterPushGit(dir);
    const env = {
      ...process.env,
      REDIS_URL,
      TRIAD_PREFIX: prefix,
      TRIAD_WORKDIR: join(dir, 'workers'),
      TRIAD_LOCK_DURATION_MS: '1000',
      TRIAD_CONCURRENCY: '1',
      LOG_LEVEL: 'silent',
    };

    const first = await startWorker({ ...env, PATH: `${shim.binDir}:${process.env.PATH}` });
    children.push(first);
    // Changes above the auto-approve level are deferred after 1 s unanswered: the two safe fixes are what is applied.
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
    await waitForFile(shim.marker, 30_000); // the first fix is pushed; its worker has not recorded it
    // What that push carried: one task, or several when more than one was approved by then (they land together).
    const pushedBeforeTheKill = (await remoteCommits(remote)).flatMap((commit) =>
      commit.trailers['Triad-Task'] ? [commit.trailers['Triad-Task']] : [],
    );
    const exited = new Promise((resolve) => first.once('exit', resolve));
    process.kill(-(first.pid ?? 0), 'SIGKILL');
    await exited;

    children.push(await startWorker(env));
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });

    expect(ended.endReason).toBe('completed');
    const tasks = await rt.tasks.list(session.id);
    expect(tasks.map((task) => task.state).sort()).toEqual(['applied', 'applied', 'applied', 'deferred']);
    const commits = await remoteCommits(remote);
    for (const task of tasks.filter((t) => t.state === 'applied')) {
      const carrying = commits.filter((commit) => commit.trailers['Triad-Task'] === task.id);
      expect(carrying, `${task.id} commits`).toHaveLength(1);
      expect(carrying[0]?.sha).toBe(task.commit);
    }
    const pushedByTheDeadWorker = (await rt.events.read(session.id)).filter(
      (event) => event.type === 'commit.pushed' && event.data?.retried === true,
    );
    // The worker that took over found each of them on the branch, once, and pushed none of them again.
    expect(pushedBeforeTheKill.length).toBeGreaterThan(0);
    expect(pushedByTheDeadWorker.map((event) => event.taskId).sort()).toEqual([...pushedBeforeTheKill].sort());
  });
});
