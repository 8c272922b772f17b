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
});
