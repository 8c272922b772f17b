import { shortSha } from '../format';
import { code } from '../markdown';
import type { ReportData } from '../report-data';

const MODES = {
  commit: 'commit (changes pushed to the branch)',
  pr: 'pr (a pull request per change)',
  'dry-run': 'dry-run (nothing pushed; see Proposals)',
} as const;

/** Title and the facts every reader needs first: which repo, when, at which revision. */
export function renderHeader(data: ReportData): string[] {
  const lines = [
    `# Triad session ${data.sessionId}`,
    '',
    `- Repository: ${code(data.repo.url)} (branch ${code(data.repo.branch)})`,
    `- Generated: ${data.generatedAt}`,
    `- Mode: ${MODES[data.mode]}`,
  ];
  if (data.finalRevision) lines.push(`- Final revision: ${code(shortSha(data.finalRevision))}`);
  if (data.goals.length > 0) lines.push(`- Goals: ${data.goals.join('; ')}`);
  return lines;
}
