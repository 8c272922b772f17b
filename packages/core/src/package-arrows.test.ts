import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

/**
 * Lints `source` as the file at `path` with the repository's biome.json, in a scratch copy of the layout (never
 * the working tree, which other tests and editors read).
 */
async function lint(path: string, source: string): Promise<{ code: number; output: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'triad-arrows-'));
  try {
    const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8'));
    delete config.$schema;
    config.vcs = { enabled: false };
    await writeFile(join(scratch, 'biome.json'), JSON.stringify(config));
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    await writeFile(join(scratch, path), source);
    return await new Promise((done) => {
      execFile(BIOME, ['lint', '--colors=off', path], { cwd: scratch }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// The arrows docs/design.md draws, enforced by lint rules in biome.json: a deliberate violation must fail.
// Each test starts biome up to six times: on a loaded machine that takes more than vitest's default 5 s.
describe('package arrows', { timeout: 60_000 }, () => {
  it('refuses an import against the arrows', async () => {
    const result = await lint(
      'packages/analyzers/src/violation.ts',
      "import { checkChange } from '@triad/tools';\nexport const x = checkChange;\n",
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('@triad/analyzers must not import @triad/tools');
  });

  it('refuses I/O and process.env in the pure packages', async () => {
    const io = await lint(
      'packages/reports/src/violation.ts',
      "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n",
    );
    expect(io.code).not.toBe(0);
    expect(io.output).toContain('@triad/reports is pure: no I/O (node:fs/promises)');
    const env = await lint('packages/core/src/violation.ts', 'export const home = process.env.HOME;\n');
    expect(env.code).not.toBe(0);
    expect(env.output).toContain('lint/style/noProcessEnv');
  });

  it('keeps the policy package pure: data in, data out, nothing above it', async () => {
    const adapter = await lint(
      'packages/policy/src/violation.ts',
      "import { createGitWorkspace } from '@triad/tools';\nexport const x = createGitWorkspace;\n",
    );
    expect(adapter.code).not.toBe(0);
    expect(adapter.output).toContain('@triad/policy must not import @triad/tools');
    const io = await lint(
      'packages/policy/src/violation.ts',
      "import { execFile } from 'node:child_process';\nexport const x = execFile;\n",
    );
    expect(io.code).not.toBe(0);
    expect(io.output).toContain('@triad/policy is pure: no I/O (node:child_process)');
    const env = await lint('packages/policy/src/violation.ts', 'export const deny = process.env.TRIAD_DENY;\n');
    expect(env.code).not.toBe(0);
    expect(env.output).toContain('lint/style/noProcessEnv');
    const below = await lint(
      'packages/policy/src/ok.ts',
      "import { analyzeRepo } from '@triad/analyzers';\nimport { TriadError } from '@triad/core';\nexport const x = [analyzeRepo, TriadError];\n",
    );
    expect(below.code, below.output).toBe(0);
    const up = await lint(
      'packages/analyzers/src/violation.ts',
      "import { checkChange } from '@triad/policy';\nexport const x = checkChange;\n",
    );
    expect(up.output).toContain('@triad/analyzers must not import @triad/policy');
    const user = await lint(
      'packages/tools/src/ok.ts',
      "import { checkChange } from '@triad/policy';\nexport const x = checkChange;\n",
    );
    expect(user.code, user.output).toBe(0);
  });

  it('lets the tool layer reach below it, and not above', async () => {
    const down = await lint(
      'packages/tools/src/ok.ts',
      "import { analyzeRepo } from '@triad/analyzers';\nexport const x = analyzeRepo;\n",
    );
    expect(down.code, down.output).toBe(0);
    const up = await lint(
      'packages/tools/src/violation.ts',
      "import { startSession } from '@triad/orchestrator';\nexport const x = startSession;\n",
    );
    expect(up.output).toContain('@triad/tools must not import @triad/orchestrator');
  });

  it('refuses an app importing another app, by package name or by path', async () => {
    const byName = await lint(
      'apps/cli/src/commands/violation.ts',
      "import { readEnv } from '@triad/worker/env';\nexport const x = readEnv;\n",
    );
    expect(byName.code).not.toBe(0);
    expect(byName.output).toContain('apps/cli must not import apps/worker');
    const byPath = await lint(
      'apps/worker/src/violation.ts',
      "import { main } from '../../cli/src/main';\nexport const x = main;\n",
    );
    expect(byPath.code).not.toBe(0);
    expect(byPath.output).toContain('apps/worker must not import apps/cli');
    const aPackage = await lint(
      'apps/cli/src/commands/ok.ts',
      "import { createTriad } from '@triad/orchestrator';\nexport const x = createTriad;\n",
    );
    expect(aPackage.code, aPackage.output).toBe(0);
  });

  it('refuses a bench reaching into another package by path or with createRequire', async () => {
    const byPath = await lint(
      'bench/pipeline/violation.ts',
      "import { taskOf } from '../../packages/orchestrator/src/handlers/context.ts';\nexport const x = taskOf;\n",
    );
    expect(byPath.code).not.toBe(0);
    expect(byPath.output).toContain('bench/ imports other workspace packages by name');
    const required = await lint(
      'bench/pipeline/violation.ts',
      "import { createRequire } from 'node:module';\nexport const x = createRequire(new URL('../../packages/orchestrator/package.json', import.meta.url))('ioredis');\n",
    );
    expect(required.code).not.toBe(0);
    expect(required.output).toContain('bench/ must not createRequire');
    const byName = await lint(
      'bench/pipeline/ok.ts',
      "import { taskOf } from '@triad/orchestrator/test-support';\nimport { Redis } from 'ioredis';\nexport const x = [taskOf, Redis];\n",
    );
    expect(byName.code, byName.output).toBe(0);
  });
});
