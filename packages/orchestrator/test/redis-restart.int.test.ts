import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunGit, runGit } from '@triad/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime, startSession, startWorkers, type WorkerPool, waitForSessionEnd } from '../src';
import type { RedisNotice } from '../src/redis-outage';
import { type RedisChild, startRedisChild } from '../src/test-support';
import { createHomelabRemote, remoteCommits, within } from './harness';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves once `client` has tried to reconnect `count` times. */
function reconnectAttempts(client: Runtime['redis'], count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onReconnecting = () => {
      seen += 1;
      if (seen < count) return;
      client.off('reconnecting', onReconnecting);
      resolve();
    };
    client.on('reconnecting', onReconnecting);
  });
}

describe('a Redis restart in the middle of a session (redis-server child with AOF, killed with SIGKILL)', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('rides it out: the change pushed before the outage ends applied with one commit, and the session completes', async () => {
    const { dir, remote } = await createHomelabRemote();
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'redis'));
    const redis: RedisChild = await startRedisChild(join(dir, 'redis'));
    cleanup.push(() => redis.stop());

    // The first push lands in git, then waits: Redis is taken away before its worker has recorded it.
    const pushed = deferred();
    const resume = deferred();
    let gated = false;
    const gatedGit: RunGit = async (command) => {
      const output = await runGit(command);
      if (!gated && command.args.includes('push')) {
        gated = true;
        pushed.resolve();
        await resume.promise;
      }
      return output;
    };
    const notices: RedisNotice[] = [];
    const unreachable = deferred();
    const back = deferred();
    const rt: Runtime = createRuntime({
      config: {
        redisUrl: redis.url,
        prefix: `triadtest-${randomBytes(4).toString('hex')}`,
        workdir: join(dir, 'work'),
      },
      runGit: gatedGit,
      onRedisNotice: (notice) => {
        notices.push(notice);
        (notice.status === 'unreachable' ? unreachable : back).resolve();
      },
    });
    cleanup.push(() => rt.close());
    const pool: WorkerPool = await startWorkers(rt, { lockDurationMs: 30_000 });
    cleanup.push(() => pool.close());

    const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
    // The follower (`--wait`) runs across the outage on its own blocking connection.
    const follower = waitForSessionEnd(rt, session.id);
    await within(pushed.promise, 45_000, 'first push');
    // What the push in flight carried: one task, or several approved by then (they land together).
    const inFlight = (await remoteCommits(remote)).flatMap((commit) =>
      commit.trailers['Triad-Task'] ? [commit.trailers['Triad-Task']] : [],
    );
    await redis.kill();
    resume.resolve(); // the apply goes on: its writes wait in the offline queue
    await within(unreachable.promise, 10_000, '"unreachable" notice');
    // Long enough that a client giving up after a few reconnection attempts would have failed its commands.
    await within(reconnectAttempts(rt.redis, 5), 20_000, 'five reconnection attempts');
    await redis.restart();
    await within(back.promise, 10_000, '"answers again" notice');
    const ended = await within(follower, 60_000, 'session end after the restart');

    expect(ended.endReason).toBe('completed');
    const tasks = await rt.tasks.list(session.id);
    expect(tasks.map((task) => task.state).sort()).toEqual(['applied', 'applied', 'applied', 'deferred']);
    const commits = await remoteCommits(remote);
    for (const task of tasks.filter((t) => t.state === 'applied')) {
      const carrying = commits.filter((commit) => commit.trailers['Triad-Task'] === task.id);
      expect(carrying, `${task.id} commits`).toHaveLength(1);
      expect(carrying[0]?.sha).toBe(task.commit);
    }
    // The apply that was in flight finished its own work once Redis was back: each task it pushed is first recorded
    // as pushed by it, not found by a retry, and no task was pushed twice. (Under a loaded full run a later retry has
    // been seen to find one of them again, once in several runs: harmless, since it finds rather than pushes, and not
    // explained yet.)
    const pushes = (await rt.events.read(session.id)).filter((event) => event.type === 'commit.pushed');
    expect(inFlight.length).toBeGreaterThan(0);
    for (const taskId of inFlight) {
      const own = pushes.filter((event) => event.taskId === taskId).map((event) => event.data?.retried);
      expect(own[0], `${taskId} first recorded`).toBe(false);
      expect(
        own.filter((retried) => retried === false),
        `${taskId} pushed`,
      ).toHaveLength(1);
    }
    const pushedFresh = pushes.filter((event) => event.data?.retried === false).map((event) => event.taskId);
    expect(pushedFresh.sort()).toEqual(
      tasks
        .filter((t) => t.state === 'applied')
        .map((t) => t.id)
        .sort(),
    );
    expect(ended.report?.commit).toBeDefined();
    const port = String(redis.port);
    expect(notices[0]).toEqual({
      status: 'unreachable',
      message: `Redis at redis://127.0.0.1:${port} unreachable, retrying`,
    });
    // Told at most once per few seconds, not once per client and retry.
    expect(notices.filter((notice) => notice.status === 'unreachable').length).toBeLessThanOrEqual(3);
  });
});
