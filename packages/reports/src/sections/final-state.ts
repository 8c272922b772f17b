import type { FinalState, FindingLine } from '../data/final-state';
import { shortSha } from '../format';
import { code, section, table } from '../markdown';

function findingItem(finding: FindingLine): string {
  const tasks = finding.tasks.map((task) => `${code(task.taskId)}${task.state ? ` ${task.state}` : ''}`);
  const note = tasks.length > 0 ? ` (task ${tasks.join(', ')})` : '';
  return `- ${code(finding.id)} (${finding.severity}) ${finding.message}${note}`;
}

function findingList(title: string, findings: FindingLine[]): string[] {
  if (findings.length === 0) return [`${title}: none.`];
  return [`${title} (${findings.length}):`, '', ...findings.map(findingItem)];
}

/** Findings at the start against findings at the end. */
export function renderFinalState(state: FinalState, finalRevision?: string): string[] {
  const at = finalRevision ? ` (${code(shortSha(finalRevision))})` : '';
  return section('Final state', [
    `Findings at the start, and at the end${at}:`,
    '',
    ...table(
      ['severity', 'before', 'after'],
      [
        ...state.bySeverity.map((row) => [row.severity, String(row.before), String(row.after)]),
        ['total', String(state.totalBefore), String(state.totalAfter)],
      ],
    ),
    '',
    ...findingList('Fixed', state.fixed),
    '',
    ...findingList('New', state.new),
  ]);
}
