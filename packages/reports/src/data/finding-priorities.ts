import { compareSeverity, type Finding, type Task } from '@triad/core';
import type { ReportInput } from '../report-input';
import { tasksByFinding } from './final-state';
import type { Priority } from './priority';

function unaddressed(finding: Finding, input: ReportInput): Pick<Priority, 'why' | 'action'> {
  const why = `${finding.severity} finding that no task of this session addressed`;
  if (finding.fixable) return { why, action: 'plan it in the next session, or fix it by hand' };
  const fixer = input.session.models.lead === 'builtin' ? 'the built-in Lead has' : 'there is';
  return { why, action: `${fixer} no fix for ${finding.check}: fix by hand` };
}

function stillPresent(tasks: Task[]): Pick<Priority, 'why' | 'action'> {
  const outcomes = tasks.map((task) => `${task.id} (${task.state}${task.reason ? `: ${task.reason}` : ''})`);
  return {
    why: `still present at the end despite ${outcomes.join(', ')}`,
    action: `fix it by hand; see ${tasks.map((task) => task.id).join(', ')}`,
  };
}

/**
 * Unfixed high and critical findings that no task on the list already stands for: those no task addressed, and
 * those whose task failed, was rolled back or landed without making them go away.
 */
export function findingPriorities(input: ReportInput, listedTaskIds: ReadonlySet<string>): Priority[] {
  const links = tasksByFinding(input);
  const tasks = new Map(input.tasks.map((task) => [task.id, task]));
  return input.findingsAfter
    .filter((finding) => compareSeverity(finding.severity, 'high') >= 0)
    .filter((finding) => !(links.get(finding.id) ?? []).some((id) => listedTaskIds.has(id)))
    .map((finding) => {
      const related = (links.get(finding.id) ?? []).flatMap((id) => tasks.get(id) ?? []);
      const explained = related.length > 0 ? stillPresent(related) : unaddressed(finding, input);
      return {
        kind: 'unfixed_finding' as const,
        findingId: finding.id,
        title: finding.message,
        severity: finding.severity,
        ...explained,
        commits: related.flatMap((task) => [task.commit, task.revertCommit].filter((sha) => sha !== undefined)),
      };
    });
}
