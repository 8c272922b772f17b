import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

/** Runs the CLI with stdout piped to a reader that takes one chunk at a time, with a pause after each. */
function slowlyRead(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: CLI_DIR });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 20);
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(chunks).toString('utf8'), stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triad-output-'));
  // 150 privileged Deployments: several findings each, far more than a 64 KiB pipe buffer of JSON.
  for (let i = 0; i < 150; i++) {
    await writeFile(
      join(dir, `app-${i}.yaml`),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: apps}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext: {privileged: true}\n`,
    );
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('CLI output and input', () => {
  it('exits only after piped --json and --sarif output of more than 64 KiB has arrived whole', async () => {
    const json = await slowlyRead(['scan', dir, '--json']);
    expect(json.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(json.stdout)).toHaveLength(json.stdout.match(/"check":/g)?.length ?? -1);
    expect(json.code).toBe(1);
    const sarif = await slowlyRead(['scan', dir, '--sarif']);
    expect(sarif.stdout.length).toBeGreaterThan(64 * 1024);
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBeGreaterThan(300);
  });

  it('refuses a bad flag in one line with exit 2, not a stack', async () => {
    const failed = await run(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'session', 'start', '--repo', dir, '--duration', '0.4ms'],
      { cwd: CLI_DIR },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toBe('triad: --duration "0.4ms" is too short: use at least 1s\n');
  });
});
