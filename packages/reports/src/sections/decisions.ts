import type { Decision } from '../data/decisions';
import { code, section, table } from '../markdown';

/** The ADRs the session committed, each linked where the report is read, with the state their task ended in. */
export function renderDecisions(decisions: Decision[]): string[] {
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
