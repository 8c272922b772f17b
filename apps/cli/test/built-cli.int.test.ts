import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, utimes } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { analyzeRepo } from '@triad/analyzers';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, isStale, packageName } from '../build.mjs';
import { readRepoFiles } from '../src/scan/repo-files';

const run = promisify(execFile);
const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(CLI_DIR, '../..');
const EXAMPLE = join(ROOT, 'examples/homelab');
let out: string;
let metafile: Metafile;

beforeAll(async () => {
  // Inside apps/cli, so that the bundle's third-party imports resolve from apps/cli/node_modules as dist/'s do.
  const cache = join(CLI_DIR, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  out = await mkdtemp(join(cache, 'triad-build-'));
  ({ metafile } = await build({ outdir: out }));
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** The output file built from a source entry (main, or a command loaded by `import()`). */
function outputOf(source: string): string {
  const found = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint === source);
  if (!found) throw new Error(`no output for ${source}`);
  return found[0];
}

/** Third-party packages an output loads before any of its code runs: its static imports, followed through chunks. */
function staticPackages(output: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of metafile.outputs[file]!.imports) {
      if (i.kind !== 'import-statement') continue;
      if (!i.external) visit(i.path);
      else if (!i.path.startsWith('node:')) packages.add(packageName(i.path));
    }
  };
  visit(output);
  return [...packages].sort();
}

describe('the built CLI', () => {
  it('answers --help from dist/main.js with no third-party package loaded', async () => {
    const { stdout } = await run(process.execPath, [join(out, 'main.js'), '--help']);
    expect(stdout).toContain('triad scan <path>');
    expect(staticPackages(outputOf('apps/cli/src/main.ts'))).toEqual([]);
  });

  it("loads for `triad scan` only the YAML parser, zod, the RE2 engine and the fixers' line differ; the simulator and Kubernetes client wait for --cluster", () => {
    expect(staticPackages(outputOf('apps/cli/src/commands/scan.ts'))).toEqual(['diff', 're2js', 'yaml', 'zod']);
  });

  it('scans a repository to the same findings as the source', async () => {
    // stdout to a file: node writes files synchronously, so the JSON is whole however the process exits.
    const json = join(out, 'findings.json');
    const fd = await open(json, 'w');
    let stderr = '';
    const exited = await new Promise<number | null>((done, fail) => {
      const child = spawn(process.execPath, [join(out, 'main.js'), 'scan', EXAMPLE, '--json'], {
        stdio: ['ignore', fd.fd, 'pipe'],
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk;
      });
      child.on('error', fail).on('exit', done);
    });
    // stdout holds the JSON alone; stderr says why the exit code is 1, in one line.
    expect(stderr).toMatch(/^triad scan: exit 1: \d+ findings at high or above \(--fail-on sets the level\)\n$/);
    await fd.close();
    expect(exited, 'exit 1: the homelab has high findings').toBe(1);
    const expected = analyzeRepo(await readRepoFiles(EXAMPLE)).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    expect((JSON.parse(await readFile(json, 'utf8')) as { id: string }[]).map((f) => f.id)).toEqual(expected);
  });

  it('carries the files bundled code reads beside it: prompts, the demo homelab, the UI stylesheet', () => {
    for (const file of ['prompts/lead.md', 'examples/homelab/clusters/homelab', 'packages/server/src/public/app.css']) {
      expect(existsSync(join(out, 'assets', file)), file).toBe(true);
    }
  });

  it('is stale when its stamp is older than a source, or missing', async () => {
    expect(await isStale(out)).toBe(false);
    await utimes(join(out, 'build-inputs.json'), 0, 0);
    expect(await isStale(out)).toBe(true);
    await rm(join(out, 'build-inputs.json'));
    expect(await isStale(out)).toBe(true);
  });
});
