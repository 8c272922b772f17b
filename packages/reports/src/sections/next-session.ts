import type { Priority } from '../data/priority';
import { oneLine, shortSha } from '../format';
import { code, inert, section } from '../markdown';

const KIND_LABELS = {
  awaiting_approval: 'awaiting approval',
  pr_open: 'pull request open',
  critical_risk: 'critical risk',
  follow_up: 'applied, follow-up',
  deferred: 'deferred',
  rejected: 'rejected',
  unfixed_finding: 'unfixed finding',
  expired: 'expired',
} as const;

function item(priority: Priority, index: number): string {
  const id = code(priority.taskId ?? priority.findingId ?? '');
  const level = priority.risk ? `, risk ${priority.risk}` : priority.severity ? `, severity ${priority.severity}` : '';
  const commits =
    priority.commits.length > 0 ? ` Commits: ${priority.commits.map((sha) => code(shortSha(sha))).join(', ')}.` : '';
  const link = priority.url ? ` Link: <${encodeURI(priority.url)}>.` : '';
  return (
    `${index + 1}. **${id}** ${inert(oneLine(priority.title))} (${KIND_LABELS[priority.kind]}${level}). ` +
    `Why: ${inert(oneLine(priority.why))}. To do: ${inert(oneLine(priority.action))}.${commits}${link}`
  );
}

/** The list a person starts the next session from. */
export function renderNextSession(priorities: Priority[]): string[] {
  const heading = 'Next human session priorities';
  if (priorities.length === 0) return section(heading, ['Nothing is waiting for a person.']);
  return section(heading, priorities.map(item));
}
