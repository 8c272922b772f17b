import { shortSha } from '../format';
import { code } from '../markdown';
import type { ReportData } from '../report-data';

/** Title and the facts every reader needs first: which repo, when, at which revision. */
export function renderHeader(data: ReportData): string[] {
  const lines = [
    `# Triad session ${data.sessionId}`,
    '',
    `- Repository: ${code(data.repo.url)} (branch ${code(data.repo.branch)})`,
    `- Generated: ${data.generatedAt}`,
  ];
  if (data.finalRevision) lines.push(`- Final revision: ${code(shortSha(data.finalRevision))}`);
  if (data.goals.length > 0) lines.push(`- Goals: ${data.goals.join('; ')}`);
  return lines;
}
