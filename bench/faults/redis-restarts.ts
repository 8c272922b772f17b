import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, startSession, startWorkers, waitForSessionEnd } from '@triad/orchestrator';
import { startRedisChild } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';
import { afterEvents } from './event-count.ts';
import { type SessionFigures, sessionFigures } from './session-figures.ts';

export interface RestartRun extends SessionFigures {
  atEvent: number;
  outageMs: number;
  sessionMs: number;
}

/** One session with in-process workers on a redis-server child (AOF), SIGKILLed after `atEvent` events, restarted. */
export async function redisRestartRun(example: string, atEvent: number): Promise<RestartRun> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-fault-redis-'));
  await mkdir(join(dir, 'redis'));
  const redis = await startRedisChild(join(dir, 'redis'));
  const { remote } = await createBareRemote(example, dir);
  let unreachable: () => void = () => {};
  const told = new Promise<void>((resolve) => {
    unreachable = resolve;
  });
  const rt = createRuntime({
    config: { redisUrl: redis.url, prefix: 'fault', workdir: join(dir, 'work') },
    onRedisNotice: (notice) => notice.status === 'unreachable' && unreachable(),
  });
  const pool = await startWorkers(rt, { lockDurationMs: 5000 });
  try {
    const started = Date.now();
    const session = await startSession(rt, { repo: remote, durationMs: 300_000, approvalTimeoutMs: 1000 });
    const follower = waitForSessionEnd(rt, session.id, { timeoutMs: 280_000 });
    await afterEvents(rt, session.id, atEvent, { cursor: '0-0' });
    const down = Date.now();
    await redis.kill();
    await told;
    await redis.restart();
    const outageMs = Date.now() - down;
    const ended = await follower;
    const figures = await sessionFigures(remote, ended, await rt.tasks.list(session.id));
    return { ...figures, atEvent, outageMs, sessionMs: Date.now() - started };
  } finally {
    await pool.close();
    await rt.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
