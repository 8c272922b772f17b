import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '@triad/orchestrator';
import { startRedisChild, waitForEvent, within } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';
import { afterAll, describe, expect, it } from 'vitest';

const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = resolve(CLI_DIR, '../../examples/homelab');

/** Resolves with the first match of `pattern` in what `stream` prints. */
function firstMatch(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = text.match(pattern);
      if (match) {
        stream.off('data', onData);
        resolve(match);
      }
    };
    stream.on('data', onData);
  });
}

describe('`triad session start --local --wait` across a Redis restart', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('says in one line that Redis is unreachable, resumes, and exits 0 with the report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triad-cli-redis-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const { remote } = await createBareRemote(EXAMPLE, dir);
    await mkdir(join(dir, 'redis'));
    const redis = await startRedisChild(join(dir, 'redis'));
    cleanup.push(() => redis.stop());
    const prefix = `triadcli-${randomBytes(4).toString('hex')}`;

    const cli = spawn(
      process.execPath,
      [
        ...['--import', 'tsx', 'src/main.ts', 'session', 'start', '--repo', remote],
        ...['--duration', '5m', '--approval-timeout', '1s', '--local', '--wait'],
      ],
      {
        cwd: CLI_DIR,
        env: { ...process.env, REDIS_URL: redis.url, TRIAD_PREFIX: prefix, TRIAD_WORKDIR: join(dir, 'work') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    cli.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    cleanup.push(async () => {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    });

    const [, sessionId] = await within(firstMatch(cli.stdout, /session (\S+) started/), 60_000, 'session start');
    const watcher = createRuntime({ config: { redisUrl: redis.url, prefix, workdir: join(dir, 'watcher') } });
    cleanup.push(() => watcher.close());
    // Redis goes away while a change is being applied.
    await waitForEvent(watcher, sessionId!, (event) => event.data?.to === 'applying', 60_000);
    const unreachable = firstMatch(cli.stderr, /unreachable, retrying/);
    await redis.kill();
    await within(unreachable, 15_000, '"unreachable" line from the CLI');
    const back = firstMatch(cli.stderr, /answers again/);
    await redis.restart();
    await within(back, 15_000, '"answers again" line from the CLI');

    // A job whose completion Redis never heard is taken over once its lock expires and the stalled check runs
    // (30 s each by default): on a loaded machine the session can need most of two minutes to end.
    expect(await within(exited, 150_000, 'CLI exit')).toBe(0);
    expect(stdout).toMatch(new RegExp(`session ${sessionId} ended \\(completed\\); report: `));
    const lines = stderr.trim().split('\n');
    for (const line of lines) {
      expect(line).toMatch(/^triad: Redis at redis:\/\/127\.0\.0\.1:\d+ (unreachable, retrying|answers again)$/);
    }
    expect(stderr).not.toMatch(/\n\s+at /);
    const tasks = await watcher.tasks.list(sessionId!);
    expect(tasks.filter((task) => task.state === 'applied')).toHaveLength(3);
  }, 240_000);
});
