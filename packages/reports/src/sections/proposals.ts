import type { ProposalEntry } from '../data/proposals';
import { shortSha } from '../format';
import { code, fence, section } from '../markdown';

const VERDICTS = { approve: 'approved', request_changes: 'asked for changes on', reject: 'rejected' } as const;

function entry(item: ProposalEntry): string[] {
  const review = item.review
    ? `${item.review.reviewer} ${VERDICTS[item.review.verdict]} revision ${item.revision}${
        item.review.comments.length > 0 ? `: ${item.review.comments.join('; ')}` : ''
      }`
    : 'not recorded';
  const risk = item.risk
    ? `${item.risk.level} (blast radius: ${item.risk.blastRadius}; reversible by ${item.risk.reversibility})`
    : 'not assessed';
  return [
    `### ${code(item.taskId)} ${item.title}`,
    '',
    `- Commit message: ${item.commitMessage.split('\n')[0] ?? ''}`,
    `- Drafted against: ${code(shortSha(item.baseRevision))} · revision ${item.revision} · ${item.category}`,
    `- Fixes: ${item.findings.length > 0 ? item.findings.map(code).join(', ') : 'no finding named'}`,
    `- Review: ${review}`,
    `- Risk: ${risk}`,
    `- Files: ${item.files.map(code).join(', ')}`,
    ...(item.adrWith
      ? [
          `- ADR: ${code(item.adrWith.path)} records this decision too; it comes with ${code(item.adrWith.taskId)} above, so this diff leaves it out`,
        ]
      : []),
    ...(item.applies
      ? []
      : [
          `- Apply: the diff shows a credential masked (one it moves, or one beside its change), so \`git apply\` cannot take it; make the same change with ${code(`triad fix <checkout> --check ${item.checks.join(',')}`)}`,
        ]),
    '',
    ...fence(item.diff.replace(/\n$/, ''), 'diff'),
  ];
}

/**
 * What a dry run proposed, each with its whole diff: copy a block into a file and run `git apply <file>` on a
 * checkout of the branch.
 */
export function renderProposals(proposals: ProposalEntry[]): string[] {
  if (proposals.length === 0) return section('Proposals', ['Nothing was proposed.']);
  const how =
    'Nothing below was pushed. To apply one, save its diff block to a file and run `git apply <file>` at the root of a checkout of the branch.';
  return section('Proposals', [
    how,
    '',
    ...proposals.flatMap((item, index) => [...(index > 0 ? [''] : []), ...entry(item)]),
  ]);
}
