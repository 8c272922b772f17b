import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { analyzeRepo } from '@triad/analyzers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepoFiles } from '../src/scan/repo-files';

const run = promisify(execFile);
const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = resolve(CLI_DIR, '../../examples/homelab');

async function triad(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: CLI_DIR,
      // No Redis may be needed: point it at a port nothing listens on.
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What `triad scan` finds, read in this process (the same reader and analyzers) to spare a CLI start per scan. */
const scanIds = async (path: string) =>
  analyzeRepo(await readRepoFiles(path))
    .map((finding) => finding.id)
    .sort();

/** The lines `git diff` shows as removed from `before` on the way to `after`. */
async function removedLines(before: string, after: string): Promise<Set<string>> {
  const diff = await run('git', ['diff', '--no-index', '--unified=0', before, after]).then(
    (ok) => ok.stdout,
    (changed: { stdout: string }) => changed.stdout,
  );
  return new Set(
    diff
      .split('\n')
      .filter((line) => line.startsWith('-') && !line.startsWith('---'))
      .map((line) => line.slice(1)),
  );
}

let dir: string;
const copy = async (name: string) => {
  const target = join(dir, name);
  await cp(EXAMPLE, target, { recursive: true });
  return target;
};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triad-fix-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each test starts the CLI a few times; on a loaded machine one start can take tens of seconds.
describe('triad fix', { timeout: 300_000 }, () => {
  it('fixes the homelab in place: the fixed findings are gone, no new one appears, comments are kept', async () => {
    const repo = await copy('fixed');
    const before = await scanIds(repo);
    const result = await triad(['fix', repo, '--json']);
    // stdout holds the JSON alone; stderr says why the exit code is 1 (checked below), in one line.
    expect(result.stderr).toMatch(
      /^triad fix: exit 1: (1 finding at high or above remains|\d+ findings at high or above remain) \(--fail-on sets the level\)\n$/,
    );
    const report = JSON.parse(result.stdout) as {
      written: boolean;
      changed: string[];
      fixes: { fixed: string[] }[];
      unfixed: { id: string; reason: string }[];
      remaining: string[];
    };
    expect(report.written).toBe(true);
    const fixed = report.fixes.flatMap((item) => item.fixed).sort();
    expect(fixed).toEqual(expect.arrayContaining(['flux-sops-without-decryption/Kustomization/flux-system/apps']));
    const after = await scanIds(repo);
    expect(after.filter((id) => !before.includes(id))).toEqual([]);
    for (const id of fixed) expect(after).not.toContain(id);
    // Nothing else went: jellyfin's privileged mode is one finding (privileged-container), fixed with the rest.
    expect(before.filter((id) => !after.includes(id) && !fixed.includes(id))).toEqual([]);
    expect(report.remaining.sort()).toEqual(after);
    // What it could not fix is named, each with a reason.
    expect(report.unfixed.map((item) => item.id).sort()).toEqual(after);
    for (const item of report.unfixed) expect(item.reason).not.toBe('');
    // A finding left to a person says why, in the words its message gives.
    expect(
      report.unfixed.find(
        (item) => item.id === 'capabilities-not-dropped/StatefulSet/home/home-assistant/home-assistant',
      )?.reason,
    ).toMatch(/^left to a person: it may run as root \(no runAsUser says otherwise.*set that runAsUser/);
    // Every one the fixers have no answer for says what a person has to decide.
    const rootOnes = report.unfixed.filter((item) => item.id.startsWith('run-as-root-allowed/'));
    expect(rootOnes.length).toBeGreaterThan(0);
    for (const item of rootOnes) expect(item.reason).toMatch(/^left to a person: /);
    // The credential it moved is SOPS-encrypted to the repository's age recipient: no file holds it in plain text.
    const files = await readRepoFiles(repo);
    expect([...files].filter(([, text]) => text.includes('Hass-Recorder-2024!')).map(([path]) => path)).toEqual([]);
    const secret = files.get('apps/home/home-assistant/home-assistant-secret.sops.yaml') ?? '';
    expect(secret).toMatch(/RECORDER_DB_PASSWORD: ENC\[AES256_GCM,data:[^\]]+,type:str\]/);
    expect(secret).toContain('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p');
    // Exit code as `scan`'s: the homelab keeps high findings no fixer handles (host network, root), so 1.
    expect(result.code).toBe(1);
    // YAML comments survive the edits: every comment line that is not on a line the fix replaced is still there.
    for (const file of report.changed) {
      const original = await readFile(join(EXAMPLE, file), 'utf8').catch(() => undefined);
      if (original === undefined) continue; // a file the fix created
      const removed = await removedLines(join(EXAMPLE, file), join(repo, file));
      const comments = original.split('\n').filter((line) => line.trim().startsWith('#') && !removed.has(line));
      const now = await readFile(join(repo, file), 'utf8');
      for (const comment of comments) expect(now, file).toContain(comment.trim());
    }
  });

  it('--dry-run writes nothing and prints a diff that git apply turns into what fix writes', async () => {
    const repo = await copy('dry');
    await run('git', ['init', '--quiet', repo]);
    const result = await triad(['fix', repo, '--dry-run']);
    expect(result.stdout).toMatch(/4 fixes, 6 files would change \(--dry-run: nothing written\)/);
    // The decision a fix records is named, and said to be no ADR here.
    expect(result.stdout).toMatch(
      /^ {9}the decision behind it: .+ \(triad fix writes no ADR; a session records one\)$/m,
    );
    expect(result.stdout).toMatch(/(1 finding remains|\d+ findings remain), \d+ at or above high$/m);
    expect(result.stdout).toMatch(
      /^not fixed {2}host-namespace\/StatefulSet\/home\/home-assistant\/network: no built-in fixer/m,
    );
    expect(await scanIds(repo)).toEqual(await scanIds(EXAMPLE));
    const patch = result.stdout.slice(0, result.stdout.search(/^fixed {2}/m));
    await writeFile(join(dir, 'fix.diff'), patch);
    await run('git', ['-C', repo, 'apply', join(dir, 'fix.diff')]);
    const inPlace = await copy('in-place');
    expect((await triad(['fix', inPlace])).code).toBe(1);
    const changed = [...patch.matchAll(/^diff --git a\/(\S+)/gm)].map((match) => match[1] ?? '');
    expect(changed).toHaveLength(6);
    // A SOPS file gets a fresh data key each time: the two runs agree on everything but the ciphertext.
    const comparable = (text: string) => text.replace(/ENC\[[^\]]*\]/g, 'ENC[…]').split('\nsops:\n')[0];
    for (const file of changed) {
      expect(comparable(await readFile(join(repo, file), 'utf8')), file).toBe(
        comparable(await readFile(join(inPlace, file), 'utf8')),
      );
    }
  });

  it('leaves objects nothing deploys alone, as a session does, says how many, and fixes them too with --all', async () => {
    const repo = await copy('archived');
    // An app kept in the repository but listed in no kustomization: nothing deploys it.
    const archived = 'archive/old-reader/deployment.yaml';
    await mkdir(join(repo, 'archive/old-reader'), { recursive: true });
    await writeFile(
      join(repo, archived),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: old-reader, namespace: media}\nspec:\n  template:\n' +
        '    spec:\n      securityContext: {runAsUser: 1000, runAsNonRoot: true}\n      containers:\n' +
        '        - {name: reader, image: example.org/reader:1, resources: {limits: {memory: 64Mi}}}\n',
    );
    const archivedIds = (await scanIds(repo)).filter((id) => id.includes('/old-reader/'));
    expect(archivedIds.length).toBeGreaterThan(0);

    const dry = await triad(['fix', repo, '--dry-run']);
    expect(dry.stdout).not.toContain(archived);
    expect(dry.stdout).toMatch(
      new RegExp(
        `^left alone {2}${archivedIds.length} findings? on objects nothing deploys \\(--all fixes them too\\)$`,
        'm',
      ),
    );
    // The summary's count of what remains says how much of it is theirs.
    expect(dry.stdout).toMatch(
      new RegExp(`\\d+ findings? remain \\(${archivedIds.length} of them on objects nothing deploys\\)`),
    );
    const json = JSON.parse((await triad(['fix', repo, '--json', '--dry-run'])).stdout) as { notDeployedLeft: number };
    expect(json.notDeployedLeft).toBe(archivedIds.length);

    const all = JSON.parse((await triad(['fix', repo, '--json', '--all'])).stdout) as { changed: string[] };
    expect(all.changed).toContain(archived);
    expect((await scanIds(repo)).filter((id) => id.includes('/old-reader/'))).toEqual([]);
  });

  it('--check fixes only the findings of the checks named, and refuses an unknown check', async () => {
    const repo = await copy('one-check');
    const result = await triad(['fix', repo, '--check', 'privileged-container', '--json', '--fail-on', 'critical']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { changed: string[]; fixes: { fixed: string[] }[] };
    expect(report.changed).toEqual(['apps/media/jellyfin/deployment.yaml']);
    const before = await scanIds(EXAMPLE);
    const after = await scanIds(repo);
    expect(before.filter((id) => !after.includes(id))).toEqual(report.fixes.flatMap((item) => item.fixed).sort());
    expect(after.some((id) => id.startsWith('privileged-container/'))).toBe(false);
    expect(after.some((id) => id.startsWith('flux-sops-without-decryption/'))).toBe(true);

    const unknown = await triad(['fix', repo, '--check', 'no-such-check']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^triad: unknown check "no-such-check" in --check: /);
    const missing = await triad(['fix', join(dir, 'nope')]);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      `triad: ${join(dir, 'nope')} is not a directory: pass the root of a GitOps repository`,
    ]);
  });
});
