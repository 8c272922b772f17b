import type { Decision } from '../data/decisions';
import type { ProposalEntry } from '../data/proposals';
import { code, section, table } from '../markdown';

/**
 * The ADRs the session committed, each linked where the report is read, with the state their task ended in; in a dry
 * run, which ADRs its proposals would add.
 */
export function renderDecisions(decisions: Decision[], proposed: readonly ProposalEntry[] = []): string[] {
  const carried = proposed.flatMap((entry) => (entry.adr ? [{ ...entry.adr, taskId: entry.taskId }] : []));
  if (decisions.length === 0 && carried.length > 0) {
    return section('Decisions', [
      'A dry run writes no ADR. Its proposals would add:',
      '',
      ...table(
        ['title', 'file', 'task'],
        carried.map((adr) => [adr.title, code(adr.path), code(adr.taskId)]),
      ),
    ]);
  }
  if (decisions.length === 0) return section('Decisions', ['No ADR was written in this session.']);
  return section(
    'Decisions',
    table(
      ['ADR', 'title', 'file', 'task'],
      decisions.map((adr) => [
        String(adr.number).padStart(4, '0'),
        adr.title,
        adr.href ? `[${code(adr.path)}](${adr.href})` : code(adr.path),
        `${code(adr.taskId)}${adr.taskState ? ` (${adr.taskState})` : ''}`,
      ]),
    ),
  );
}
