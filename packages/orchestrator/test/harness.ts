import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Agents } from '@triad/agents';
import { createBareRemote } from '@triad/sim';
import { readTrailerLog } from '@triad/tools';
import { createRuntime, type Runtime, type RuntimeOptions, startWorkers, type WorkerPool } from '../src';
import { deletePrefix as deleteKeys, waitForEvent, within } from '../src/test-support';

export const run = promisify(execFile);
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/homelab');

/** A temp dir holding a bare GitOps remote seeded from examples/homelab (real git). */
export const createHomelabRemote = (): Promise<{ dir: string; remote: string }> => createBareRemote(EXAMPLE);

export interface TestRig {
  rt: Runtime;
  pool?: WorkerPool;
  prefix: string;
  dir: string;
  remote: string;
  close(): Promise<void>;
}

/** A runtime with its own queue prefix and temp dirs, optionally with workers in this process. */
export async function startRig(
  options: { workers?: boolean; agents?: (models: unknown) => Agents; runtime?: Partial<RuntimeOptions> } = {},
): Promise<TestRig> {
  const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
  const { dir, remote } = await createHomelabRemote();
  const rt = createRuntime({
    config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'work') },
    ...(options.agents ? { agents: options.agents } : {}),
    ...options.runtime,
  });
  const pool = options.workers === false ? undefined : await startWorkers(rt, { lockDurationMs: 5000 });
  return {
    rt,
    pool,
    prefix,
    dir,
    remote,
    async close() {
      await pool?.close();
      await rt.close();
      await deletePrefix(prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Deletes the test's Redis keys. */
export { waitForEvent, within };

export const deletePrefix = (prefix: string) => deleteKeys(REDIS_URL, prefix);

/** Commits on the remote's main with their trailers, newest first. */
export const remoteCommits = (remote: string) => readTrailerLog(remote, 'main');
