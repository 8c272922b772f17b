import { code, section, table } from '../markdown';
import type { WrittenAdr } from '../report-input';

/** The ADRs the session committed. */
export function renderDecisions(adrs: WrittenAdr[]): string[] {
  if (adrs.length === 0) return section('Decisions', ['No ADR was written in this session.']);
  return section(
    'Decisions',
    table(
      ['ADR', 'title', 'file', 'task'],
      adrs.map((adr) => [String(adr.number).padStart(4, '0'), adr.title, code(adr.path), code(adr.taskId)]),
    ),
  );
}
