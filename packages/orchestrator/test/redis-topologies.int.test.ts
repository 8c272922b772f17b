import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime, startSession, startWorkers, waitForSessionEnd } from '../src';
import { type RedisTopology, startRedisCluster, startRedisSentinel } from '../src/test-support';
import { createHomelabRemote, remoteCommits } from './harness';

const WORKER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/worker');

/** A `triad worker` process from source; resolves once it says it is ready. */
function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not get ready within 30 s')), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The session every topology must run to the same end as on one Redis: three fixes applied, one deferred. */
async function runHomelabSession(rt: Runtime, remote: string) {
  const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
  const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 90_000 });
  const tasks = await rt.tasks.list(session.id);
  const commits = await remoteCommits(remote);
  return { session, ended, tasks, commits };
}

describe('Triad on other Redis topologies', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function scratch(): Promise<{ dir: string; remote: string; redisDir: string }> {
    const { dir, remote } = await createHomelabRemote();
    const redisDir = await mkdtemp(join(tmpdir(), 'triad-redis-'));
    cleanup.push(async () => {
      await rm(dir, { recursive: true, force: true });
      await rm(redisDir, { recursive: true, force: true });
    });
    return { dir, remote, redisDir };
  }

  function track(topology: RedisTopology): RedisTopology {
    cleanup.push(() => topology.stop());
    return topology;
  }

  it('runs a session on a three-master Redis Cluster with three worker processes, every key in one hash slot', async () => {
    const { dir, remote, redisDir } = await scratch();
    const cluster = track(await startRedisCluster(redisDir));
    const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
    const rt = createRuntime({ config: { redisUrl: cluster.url, prefix, workdir: join(dir, 'cli') } });
    cleanup.push(() => rt.close());
    expect(rt.config.prefix).toBe(`{${prefix}}`);

    const env = {
      ...process.env,
      REDIS_URL: cluster.url,
      TRIAD_PREFIX: prefix,
      TRIAD_CONCURRENCY: '2',
      LOG_LEVEL: 'silent',
    };
    for (let i = 0; i < 3; i++) {
      const worker = await startWorker({ ...env, TRIAD_WORKDIR: join(dir, `worker-${i}`) });
      cleanup.push(() => stopWorker(worker));
    }

    const { ended, tasks, commits } = await runHomelabSession(rt, remote);
    expect(ended.endReason).toBe('completed');
    expect(tasks.map((task) => task.state).sort()).toEqual(['applied', 'applied', 'applied', 'deferred']);
    for (const task of tasks.filter((t) => t.state === 'applied')) {
      expect(commits.filter((commit) => commit.trailers['Triad-Task'] === task.id)).toHaveLength(1);
    }

    // Every key of the deployment (Triad's and BullMQ's) is in the slot of its hash tag, on one master.
    const probe = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    cleanup.push(async () => void probe.disconnect());
    const slot = Number(await probe.call('CLUSTER', 'KEYSLOT', `{${prefix}}`));
    let keysInSlot = 0;
    let keysEverywhere = 0;
    for (const node of probe.nodes('master')) {
      keysInSlot += Number(await node.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)));
      keysEverywhere += await node.dbsize();
    }
    expect(keysInSlot).toBeGreaterThan(20);
    expect(keysEverywhere).toBe(keysInSlot);
    // Three worker processes and a three-master cluster start here: 22 s on an idle machine, over 60 s on a busy one.
  }, 180_000);

  it('runs a session through a Redis Sentinel URL, writing to the master the Sentinel names', async () => {
    const { dir, remote, redisDir } = await scratch();
    const sentinel = track(await startRedisSentinel(redisDir));
    const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
    const rt = createRuntime({ config: { redisUrl: sentinel.url, prefix, workdir: join(dir, 'work') } });
    cleanup.push(() => rt.close());
    const pool = await startWorkers(rt, { lockDurationMs: 5000 });
    cleanup.push(() => pool.close());
    expect(rt.config.prefix).toBe(prefix);

    const { session, ended, tasks } = await runHomelabSession(rt, remote);
    expect(ended.endReason).toBe('completed');
    expect(tasks.filter((task) => task.state === 'applied')).toHaveLength(3);

    const master = new Redis({ host: '127.0.0.1', port: sentinel.ports[0] });
    cleanup.push(async () => void master.disconnect());
    expect(await master.exists(`${prefix}:session:${session.id}`)).toBe(1);
  });
});
