import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanSession } from './fixtures/clean-session';
import { renderSessionReport } from './render-report';
import { buildReportData } from './report-data';
import type { ReportInput } from './report-input';

/** The clean session run as a dry run: its two tasks end `proposed` instead of landing. */
const dryRun: ReportInput = {
  ...cleanSession,
  session: { ...cleanSession.session, mode: 'dry-run' },
  tasks: cleanSession.tasks.map(({ commit: _commit, ...task }) => ({ ...task, state: 'proposed' })),
  adrs: [],
};

/** The bodies of the ```diff fences of a Markdown text. */
function diffBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})diff\n([\s\S]*?)\n\1$/gm)].map((match) => match[2] ?? '');
}

describe('the Proposals section of a dry run', () => {
  it('lists every proposed task with its review, its risk and its whole diff', () => {
    const markdown = renderSessionReport(buildReportData(dryRun));
    expect(markdown).toContain('- Mode: dry-run (nothing pushed; see Proposals)');
    expect(markdown).toContain('## Proposals');
    for (const task of dryRun.tasks) expect(markdown).toContain(`### \`${task.id}\``);
    const proposals = dryRun.proposals.filter((p) =>
      dryRun.tasks.some((t) => t.id === p.taskId && t.revision === p.revision),
    );
    // Whole diffs, never shortened: each block is exactly the proposal's diff, so `git apply` takes it.
    expect(
      diffBlocks(markdown).filter((block) => proposals.some((p) => p.diff.replace(/\n$/, '') === block)),
    ).toHaveLength(proposals.length);
    expect(markdown).toMatch(/- Review: .* approved revision \d/);
    expect(markdown).toMatch(/- Risk: (low|medium|high|critical) \(blast radius: /);
    expect(markdown).toContain('No change landed');
  });

  it('shows no Proposals section in a commit-mode report', () => {
    const markdown = renderSessionReport(buildReportData(cleanSession));
    expect(markdown).toContain('- Mode: commit (changes pushed to the branch)');
    expect(markdown).not.toContain('## Proposals');
  });

  it('adds an ADR two proposals carry once, so every diff applies after the ones above it', async () => {
    const adr = {
      title: 'Containers drop what they do not use',
      context: 'c',
      decision: 'd',
      consequences: 'e',
      alternatives: [],
    };
    const adrText = '# 1. Containers drop what they do not use\n';
    const created = (path: string, text: string) =>
      `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${text.replace(/\n$/, '')}\n`;
    const changed = (path: string) =>
      `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-old\n+new\n`;
    const adrPath = 'docs/adr/0001-containers-drop-what-they-do-not-use.md';
    const [first, second] = dryRun.tasks;
    const input: ReportInput = {
      ...dryRun,
      proposals: [first!, second!].map((task, i) => {
        const app = `apps/app${i}.yaml`;
        return {
          ...dryRun.proposals[0]!,
          taskId: task.id,
          revision: task.revision,
          edits: [
            { path: app, before: 'old\n', after: 'new\n' },
            { path: adrPath, before: null, after: adrText },
          ],
          adr,
          diff: changed(app) + created(adrPath, adrText),
        };
      }),
    };
    const markdown = renderSessionReport(buildReportData(input));
    expect(markdown).toContain(
      `- ADR: \`${adrPath}\` records this decision too; it comes with \`${first!.id}\` above, so this diff leaves it out`,
    );
    expect(markdown).toMatch(
      new RegExp(
        `## Decisions\\n\\nA dry run writes no ADR\\. Its proposals would add:[\\s\\S]*Containers drop what they do not use \\| \`${adrPath}\``,
      ),
    );
    const blocks = diffBlocks(markdown);
    expect(blocks).toHaveLength(2);
    // Applied in order on a checkout, as the section tells a person to.
    const git = promisify(execFile);
    const dir = await mkdtemp(join(tmpdir(), 'triad-proposals-'));
    try {
      await git('git', ['init', '-q', dir]);
      await git('mkdir', ['-p', join(dir, 'apps')]);
      for (const i of [0, 1]) await writeFile(join(dir, `apps/app${i}.yaml`), 'old\n');
      for (const [i, block] of blocks.entries()) {
        await writeFile(join(dir, `p${i}.diff`), `${block}\n`);
        await git('git', ['-C', dir, 'apply', `p${i}.diff`]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says a diff the report redacts cannot be applied, and how to make the change instead', () => {
    const redact = (text: string) => text.replace(/TOKEN: \S+/g, 'TOKEN: [redacted]');
    const markdown = renderSessionReport(
      buildReportData({
        ...dryRun,
        redact,
        proposals: dryRun.proposals.map((p, i) =>
          i === 0 ? { ...p, diff: `${p.diff}@@ context @@\n   TOKEN: sharedtoken\n+  securityContext: {}\n` } : p,
        ),
      }),
    );
    const notes = markdown.split('\n').filter((line) => line.startsWith('- Apply:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^- Apply: the diff shows a credential masked .* `git apply` cannot take it; make the same change with `triad fix/,
    );
  });

  it('numbers two decisions of one dry run apart, so both ADRs apply and keep numbers of their own', () => {
    const created = (path: string, text: string) =>
      `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${text.replace(/\n$/, '')}\n`;
    const [first, second] = dryRun.tasks;
    const withAdr = (task: (typeof dryRun.tasks)[number], title: string, slug: string) => {
      const path = `docs/adr/0001-${slug}.md`;
      const text = `# 0001. ${title}\n`;
      return {
        ...dryRun.proposals[0]!,
        taskId: task.id,
        revision: task.revision,
        edits: [{ path, before: null, after: text }],
        adr: { title, context: 'c', decision: 'd', consequences: 'e', alternatives: [] },
        diff: created(path, text),
      };
    };
    const markdown = renderSessionReport(
      buildReportData({
        ...dryRun,
        proposals: [
          withAdr(first!, 'Keep data on claims', 'keep-data-on-claims'),
          withAdr(second!, 'Drop privileges', 'drop-privileges'),
        ],
      }),
    );
    const blocks = diffBlocks(markdown);
    expect(blocks[0]).toContain('+++ b/docs/adr/0001-keep-data-on-claims.md');
    expect(blocks[1]).toContain('+++ b/docs/adr/0002-drop-privileges.md');
    expect(blocks[1]).toContain('+# 0002. Drop privileges');
    expect(blocks[1]).not.toContain('0001');
    expect(markdown).toMatch(/Drop privileges \| `docs\/adr\/0002-drop-privileges\.md`/);
  });
});
