import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, waitForSessionEnd } from '../src';
import { run, startRig, type TestRig } from './harness';

const refsOf = async (remote: string) => (await run('git', ['-C', remote, 'for-each-ref'])).stdout;

/** The ```diff blocks of a report, each as the file a person would save and `git apply`. */
function diffBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})diff\n([\s\S]*?)\n\1$/gm)].map((match) => `${match[2] ?? ''}\n`);
}

/** `### `<task>` <title>` headings of the report's Proposals section, in order. */
function proposalTitles(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('## Proposals'));
  return [...section.matchAll(/^### `[^`]+` (.+)$/gm)].map((match) => match[1] ?? '');
}

describe('a dry-run session on the homelab (real Redis, real git)', () => {
  const rigs: TestRig[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(rigs.splice(0).map((r) => r.close()));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('pushes nothing and reports, as diffs git apply takes, the changes a commit-mode session lands', async () => {
    const dry = await startRig();
    rigs.push(dry);
    const before = await refsOf(dry.remote);
    const session = await startSession(dry.rt, { repo: dry.remote, durationMs: 120_000, mode: 'dry-run' });
    expect(session.mode).toBe('dry-run');
    const ended = await waitForSessionEnd(dry.rt, session.id, { timeoutMs: 100_000 });
    expect(ended).toMatchObject({ state: 'ended', endReason: 'completed', mode: 'dry-run' });
    expect(await refsOf(dry.remote)).toBe(before);

    // Every task ends proposed, at whatever risk (no approval is asked for), with its review and risk.
    const tasks = await dry.rt.tasks.list(session.id);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) expect(task, task.title).toMatchObject({ state: 'proposed', risk: expect.any(String) });
    expect(await dry.rt.approvals.pending()).toEqual([]);
    const report = await dry.rt.records.report(session.id);
    const markdown = report?.markdown ?? '';
    expect(report?.commit).toBeUndefined();
    expect(await readFile(ended.report?.path ?? '', 'utf8')).toBe(markdown);
    expect(proposalTitles(markdown).sort()).toEqual(tasks.map((task) => task.title).sort());
    const diffs = diffBlocks(markdown);
    expect(diffs).toHaveLength(tasks.length);

    // The same homelab, in commit mode with everything auto-approved: the same tasks land.
    const live = await startRig();
    rigs.push(live);
    const committed = await startSession(live.rt, { repo: live.remote, durationMs: 120_000, autoApprove: 'critical' });
    await waitForSessionEnd(live.rt, committed.id, { timeoutMs: 100_000 });
    const landed = await live.rt.tasks.list(committed.id);
    expect(landed.map((task) => task.title).sort()).toEqual(tasks.map((task) => task.title).sort());

    // Each diff applies cleanly on a fresh clone, and gives the files the commit-mode session's commit gave.
    // A change that moves a secret is shown masked (no literal, no ciphertext), says so, and is not for git apply.
    expect(markdown).not.toContain('Hass-Recorder-2024!');
    const masked = proposalTitles(markdown).filter((_, index) =>
      /REDACTED-\d+|ENC\[[A-Z0-9_]+,…/.test(diffs[index] ?? ''),
    );
    expect(masked).toHaveLength(1);
    expect(masked[0]).toMatch(/credentials of StatefulSet home\/home-assistant/);
    expect(markdown).toMatch(/`triad fix <checkout> --check [a-z,-]*hardcoded-credential[a-z,-]*`/);
    for (const [index, title] of proposalTitles(markdown).entries()) {
      if (masked.includes(title)) continue;
      const clone = await mkdtemp(join(tmpdir(), 'triad-apply-'));
      dirs.push(clone);
      await run('git', ['clone', '--quiet', dry.remote, clone]);
      const patch = join(clone, '.proposal.diff');
      await writeFile(patch, diffs[index] ?? '');
      await run('git', ['-C', clone, 'apply', '--check', patch]);
      await run('git', ['-C', clone, 'apply', patch]);
      const files = (await run('git', ['-C', clone, 'apply', '--numstat', patch])).stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t')[2] ?? '');
      const twin = landed.find((task) => task.title === title);
      expect(twin?.commit, title).toBeDefined();
      for (const file of files) {
        const adr = /^docs\/adr\/\d{4}-(.+)$/.exec(file);
        if (adr) {
          // Proposals drafted on one base each take the next free ADR number; commit mode renumbers them as they land.
          const landedAdrs = (
            await run('git', ['-C', live.remote, 'ls-tree', '--name-only', `${twin?.commit}`, 'docs/adr/'])
          ).stdout;
          expect(landedAdrs, `${title}: ${file}`).toMatch(
            new RegExp(`^docs/adr/\\d{4}-${adr[1]?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
          );
          continue;
        }
        const mine = await readFile(join(clone, file), 'utf8');
        const theirs = (await run('git', ['-C', live.remote, 'show', `${twin?.commit}:${file}`])).stdout;
        expect(mine, `${title}: ${file}`).toBe(theirs);
      }
    }
  }, 240_000);
});
