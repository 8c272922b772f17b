import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deletePrefix } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = resolve(CLI_DIR, '../../examples/homelab');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `triadmode-${randomBytes(4).toString('hex')}`;
let dir: string;
let remote: string;

async function triad(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: CLI_DIR,
      env: { ...process.env, REDIS_URL, TRIAD_PREFIX: prefix, TRIAD_WORKDIR: join(dir, 'work'), ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triad-modes-'));
  remote = (await createBareRemote(EXAMPLE, dir)).remote;
});
afterAll(async () => {
  await deletePrefix(REDIS_URL, prefix);
  await rm(dir, { recursive: true, force: true });
});

describe('triad session start --mode', { timeout: 300_000 }, () => {
  it("takes the branch the repository's HEAD names when no --branch is given (master here)", async () => {
    const legacy = join(dir, 'legacy.git');
    await run('git', ['clone', '--bare', '--quiet', remote, legacy]);
    await run('git', ['--git-dir', legacy, 'branch', '-m', 'main', 'master']);
    const out = join(dir, 'legacy.md');
    const started = await triad(['session', 'start', '--repo', legacy, '--mode', 'dry-run', '--local', '--out', out]);
    expect([started.code, started.stderr]).toEqual([0, '']);
    expect(await readFile(out, 'utf8')).toMatch(/master/);
  });

  it('dry-run --out: runs locally, pushes nothing, writes the report with its proposals where asked', async () => {
    const refs = async () => (await run('git', ['-C', remote, 'for-each-ref'])).stdout;
    const before = await refs();
    const out = join(dir, 'proposals.md');
    const args = [
      'session',
      'start',
      '--repo',
      remote,
      '--mode',
      'dry-run',
      '--duration',
      '5m',
      '--local',
      '--out',
      out,
    ];
    const started = await triad(args);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^dry-run session \S+ started on /m);
    expect(started.stdout).toContain(`report written to ${out}`);
    expect(started.stdout).toMatch(/\(dry run: not committed, nothing pushed\)/);
    expect(await refs()).toBe(before);
    const report = await readFile(out, 'utf8');
    expect(report).toContain('- Mode: dry-run (nothing pushed; see Proposals)');
    expect(report).toMatch(/## Proposals[\s\S]*```diff\ndiff --git a\//);

    const id = /^dry-run session (\S+) started/m.exec(started.stdout)?.[1] ?? '';
    const shown = await triad(['session', 'show', id]);
    expect(shown.stdout).toMatch(/^mode {4}dry-run \(nothing is pushed\)$/m);
    expect(shown.stdout).toContain('proposed');
  });

  it('pr without the forge token: one line naming the variable, at start, and no session', async () => {
    const forge = ['--forge', 'gitea', '--forge-url', 'http://127.0.0.1:9/api/v1', '--forge-repo', 'me/flux'];
    const args = ['session', 'start', '--repo', remote, '--mode', 'pr', ...forge, '--duration', '5m'];
    const result = await triad(args, { GITEA_TOKEN: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'triad: pr mode on gitea needs GITEA_TOKEN: set it for the CLI or server and for every worker',
    );
    const sessions = JSON.parse((await triad(['session', 'list', '--json'])).stdout) as Array<{ mode: string }>;
    expect(sessions.filter((session) => session.mode === 'pr')).toEqual([]);
  });

  it('refuses a mode it does not know, in one line', async () => {
    const result = await triad(['session', 'start', '--repo', remote, '--mode', 'yolo']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('triad: --mode must be one of commit, pr, dry-run, not "yolo"');
  });
});
