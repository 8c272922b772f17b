import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createBareRemote, type SimCluster, startSimCluster } from '@triad/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = resolve(CLI_DIR, '../../examples/homelab');

async function triad(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: CLI_DIR,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triad-scan-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('triad scan', () => {
  it('prints the findings grouped by severity, worst first, and exits 1 at the default --fail-on high', async () => {
    const result = await triad(['scan', EXAMPLE]);
    expect(result.code).toBe(1);
    const headers = result.stdout.split('\n').filter((line) => /^[A-Z]+ \(\d+\)$/.test(line));
    expect(headers).toEqual(['HIGH (6)', 'MEDIUM (2)', 'LOW (8)']);
    expect(result.stdout).toContain(
      'flux-sops-without-decryption  Kustomization flux-system/apps   clusters/homelab/apps.yaml:6',
    );
    expect(result.stdout).toMatch(/16 findings in \d+ YAML files; 7 with a built-in fix/);
  });

  it('--json prints the findings with their fields; --fail-on sets the exit code', async () => {
    const json = await triad(['scan', EXAMPLE, '--json', '--fail-on', 'critical']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const findings = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(findings).toHaveLength(16);
    for (const finding of findings) {
      expect(Object.keys(finding)).toEqual(
        expect.arrayContaining(['id', 'check', 'severity', 'resource', 'file', 'line', 'message', 'fixable']),
      );
    }
    // The example is a Flux repo: every finding on a file names the Kustomization that deploys it.
    expect(findings.filter((f) => f.file && !f.deployedBy)).toEqual([]);
    const medium = await triad(['scan', EXAMPLE, '--json', '--fail-on', 'medium']);
    expect([medium.code, medium.stderr]).toEqual([
      1,
      'triad scan: exit 1: 8 findings at medium or above (--fail-on sets the level)\n',
    ]);
    expect((await triad(['scan', EXAMPLE, '--fail-on', 'severe'])).stderr).toMatch(/invalid --fail-on "severe"/);
  });

  it('--sarif writes SARIF 2.1.0 to a file, or to stdout when no file is given', async () => {
    const file = join(dir, 'triad.sarif');
    await triad(['scan', EXAMPLE, '--sarif', file]);
    const sarif = JSON.parse(await readFile(file, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const [runLog] = sarif.runs;
    expect(runLog.tool.driver.name).toBe('triad');
    expect(runLog.results).toHaveLength(16);
    const rules = runLog.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const result of runLog.results) {
      expect(rules[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.locations[0].physicalLocation.artifactLocation).toMatchObject({ uriBaseId: '%SRCROOT%' });
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const privileged = runLog.tool.driver.rules.find((r: { id: string }) => r.id === 'privileged-container');
    expect(privileged.properties['security-severity']).toBe('8.0');
    const stdout = await triad(['scan', EXAMPLE, '--sarif']);
    expect(JSON.parse(stdout.stdout).runs[0].results).toHaveLength(16);
  });

  it('reports a file that does not parse as yaml-parse-error and goes on with the rest', async () => {
    const repo = join(dir, 'broken');
    await cp(EXAMPLE, repo, { recursive: true });
    await writeFile(join(repo, 'apps/media/jellyfin/service.yaml'), 'kind: Service\nspec: [unclosed\n');
    const result = await triad(['scan', repo, '--json']);
    const ids = (JSON.parse(result.stdout) as { id: string }[]).map((f) => f.id);
    expect(ids).toContain('yaml-parse-error/File/_/apps/media/jellyfin/service.yaml');
    expect(ids).toContain('privileged-container/Deployment/media/jellyfin/jellyfin');
  });

  it('says what is wrong in one line for a missing path or a bad kubeconfig', async () => {
    const missing = await triad(['scan', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^triad: .* is not a directory: pass the root of a GitOps repository$/);
    const kubeconfig = await triad(['scan', EXAMPLE, '--kubeconfig', join(dir, 'nope.yaml')]);
    expect(kubeconfig.code).toBe(2);
    expect(kubeconfig.stderr.trim().split('\n')).toHaveLength(1);
  });

  describe('with --kubeconfig (the simulated k3s + Flux cluster, read by the real client)', () => {
    let sim: SimCluster;
    beforeAll(async () => {
      const { remote } = await createBareRemote(EXAMPLE, join(dir, 'sim'));
      sim = await startSimCluster({ remote });
    });
    afterAll(() => sim?.stop());

    it('adds what the cluster reports, placed on the repo file that declares it', async () => {
      const result = await triad(['scan', EXAMPLE, '--kubeconfig', sim.kubeconfig, '--json']);
      const findings = JSON.parse(result.stdout) as { id: string; file?: string; message: string }[];
      const notReady = findings.find((f) => f.id === 'flux-kustomization-not-ready/Kustomization/flux-system/apps');
      expect(notReady?.file).toBe('clusters/homelab/apps.yaml');
      expect(notReady?.message).toMatch(/decrypt/);
      // With a cluster, GPU capacity is read from the nodes: k3s3 has the four T4s ollama asks for.
      expect(findings.some((f) => f.id.startsWith('gpu-request-without-node-capacity/'))).toBe(false);
    });
  });
});
