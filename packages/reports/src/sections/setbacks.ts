import type { Setback } from '../data/setbacks';
import { shortSha } from '../format';
import { code, section, table } from '../markdown';

const VERDICTS = { approve: 'approved', request_changes: 'asked for changes', reject: 'rejected' } as const;

function why(item: Setback): string {
  const parts: string[] = [];
  if (item.reason) parts.push(item.reason);
  if (item.reviewVerdict) {
    const comments = item.reviewComments.length > 0 ? `: ${item.reviewComments.join('; ')}` : '';
    parts.push(`Co-Lead ${VERDICTS[item.reviewVerdict]} revision ${item.revision}${comments}`);
  }
  if (item.rejectedBy)
    parts.push(`rejected by ${item.rejectedBy}${item.approvalComment ? `: ${item.approvalComment}` : ''}`);
  return parts.length > 0 ? parts.join(' — ') : 'no reason recorded';
}

function evidence(item: Setback): string {
  const parts = [`revision ${item.revision}`];
  if (item.commit) parts.push(`applied in ${code(shortSha(item.commit))}`);
  if (item.revertCommit) parts.push(`reverted by ${code(shortSha(item.revertCommit))}`);
  return parts.join(', ');
}

/** Tasks that failed, were rolled back or rejected, with the reason and the commits. */
export function renderSetbacks(setbacks: Setback[]): string[] {
  const heading = 'Failed, rolled back and rejected';
  if (setbacks.length === 0) return section(heading, ['No task failed, was rolled back or was rejected.']);
  return section(
    heading,
    table(
      ['task', 'state', 'title', 'why', 'evidence'],
      setbacks.map((item) => [code(item.taskId), item.state, item.title, why(item), evidence(item)]),
    ),
  );
}
