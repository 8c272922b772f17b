import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
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
const prefix = `triadcli-${randomBytes(4).toString('hex')}`;
let dir: string;
let remote: string;

async function triad(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: CLI_DIR,
      env: { ...process.env, REDIS_URL, TRIAD_PREFIX: prefix, TRIAD_WORKDIR: join(dir, 'work'), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triad-cli-'));
  remote = (await createBareRemote(EXAMPLE, dir)).remote;
});

afterAll(async () => {
  await deletePrefix(REDIS_URL, prefix);
  await rm(dir, { recursive: true, force: true });
});

describe('triad CLI', () => {
  it('runs a session locally, waits for it, and prints the record as JSON', async () => {
    const started = await triad([
      'session',
      'start',
      '--repo',
      remote,
      '--duration',
      '5m',
      '--approval-timeout',
      '1s',
      '--local',
      '--wait',
      '--json',
    ]);
    // --json: stdout is the JSON document alone; the live view went to stderr, with no error in it.
    expect(started.stderr).not.toMatch(/triad:|Error/);
    expect(started.code).toBe(0);
    const session = JSON.parse(started.stdout);
    expect(session).toMatchObject({ state: 'ended', endReason: 'completed' });
    // One task per file with fixable findings: the three within the default auto-approve level (medium) are applied
    // (the credential moves into a SOPS file Triad encrypts, so it is no longer high risk); the high-risk one waits
    // for a person, and with nobody answering within 1 s it is deferred.
    type TaskJson = { state: string; risk: string; commit: string | null; reason: string | null; findingIds: string[] };
    const byCheck = (check: string) =>
      (session.tasks as TaskJson[]).find((task) => task.findingIds.some((id) => id.startsWith(`${check}/`)));
    expect(session.tasks).toHaveLength(4);
    for (const check of ['flux-sops-without-decryption', 'privileged-container', 'hardcoded-credential']) {
      expect(byCheck(check), check).toMatchObject({
        state: 'applied',
        risk: expect.any(String),
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
    }
    for (const check of ['emptydir-stateful-data']) {
      expect(byCheck(check), check).toMatchObject({
        state: 'deferred',
        risk: 'high',
        commit: null,
        reason: expect.stringMatching(/^nobody approved it before /),
      });
    }

    const shown = await triad(['session', 'show', session.id, '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: session.id, tasks: session.tasks });
    const listed = await triad(['session', 'list']);
    expect(listed.stdout).toContain(session.id);
    const report = await triad(['report', session.id]);
    expect(report.stdout).toContain(`# Triad session ${session.id}`);

    const adrs = JSON.parse((await triad(['adr', 'list', '--session', session.id, '--json'])).stdout);
    // Two decisions, numbered in the order their tasks landed: jellyfin's device plugin, home-assistant's hardening.
    type AdrJson = { number: number; status: string; title: string };
    expect((adrs as AdrJson[]).map((adr) => adr.number).sort()).toEqual([1, 2]);
    expect((adrs as AdrJson[]).every((adr) => adr.status === 'Accepted')).toBe(true);
    const jellyfin = (adrs as AdrJson[]).find((adr) => adr.title.includes('jellyfin'));
    expect(jellyfin).toBeDefined();
    const adr = await triad(['adr', 'show', String(jellyfin?.number), '--repo', remote]);
    expect(adr.stdout).toMatch(new RegExp(`^# 000${jellyfin?.number}\\. .*privileged mode`));
    expect(adr.stdout).toContain(session.tasks.find((t: { title: string }) => t.title.includes('jellyfin')).id);
  });

  it('commits the report where TRIAD_REPORT_DIR says', async () => {
    // A homelab of its own: on the one the first session fixed, nothing would land, and such a report is not committed.
    const fresh = (await createBareRemote(EXAMPLE, join(dir, 'report-dir'))).remote;
    const started = await triad(
      ['session', 'start', '--repo', fresh, '--duration', '5m', '--approval-timeout', '1s', '--local', '--json'],
      {
        TRIAD_REPORT_DIR: 'ops/triad-reports/',
      },
    );
    const session = JSON.parse(started.stdout.slice(started.stdout.indexOf('{')));
    expect(session.report.path).toBe(`ops/triad-reports/${session.createdAt.slice(0, 10)}-${session.id}.md`);
    const { stdout } = await run('git', ['-C', fresh, 'show', `main:${session.report.path}`]);
    expect(stdout).toContain(`# Triad session ${session.id}`);
  });

  it.each([
    [['session', 'show', 'nope'], /no session nope: `triad session list`/],
    [['session', 'start', '--repo', '/nonexistent/repo'], /is not a git repository/],
    [['session', 'start', '--repo', '.', '--duration', 'soon'], /invalid --duration "soon": use a number and a unit/],
    [['session', 'stop', 'nope'], /no session nope/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j fails with one clear line and exit code 2', async (args, message) => {
    const result = await triad(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('says how to start Redis when none answers', async () => {
    const result = await triad(['session', 'list'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^triad: Redis is not reachable at redis:\/\/127\.0\.0\.1:1: start one with `redis-server/,
    );
  });
});
