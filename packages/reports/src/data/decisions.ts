import { compareNatural } from '../order';
import type { ReportInput, WrittenAdr } from '../report-input';

/** The ADRs the session wrote, by number. */
export function buildDecisions(input: ReportInput): WrittenAdr[] {
  return [...input.adrs]
    .sort((a, b) => a.number - b.number || compareNatural(a.path, b.path))
    .map(({ number, title, path, taskId }) => ({ number, title, path, taskId }));
}
