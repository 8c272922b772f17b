import type { ReportData } from './report-data';
import { renderAchievements } from './sections/achievements';
import { renderDecisions } from './sections/decisions';
import { renderFinalState } from './sections/final-state';
import { renderHeader } from './sections/header';
import { renderNextSession } from './sections/next-session';
import { renderProposals } from './sections/proposals';
import { renderSetbacks } from './sections/setbacks';
import { renderSummary } from './sections/summary';
import { renderTeam } from './sections/team';
import { renderTechnicalDetails } from './sections/technical-details';

/** The session report as Markdown, sections in a fixed order; the same data always gives the same text. */
export function renderSessionReport(data: ReportData): string {
  const sections = [
    renderHeader(data),
    renderSummary(data.summary),
    renderAchievements(data.achievements),
    renderTechnicalDetails(data.technicalDetails),
    // A dry run's result is its proposals; a session that pushes has none, and no empty section for them.
    ...(data.mode === 'dry-run' || data.proposals.length > 0 ? [renderProposals(data.proposals)] : []),
    renderSetbacks(data.setbacks),
    renderFinalState(data.finalState, data.finalRevision),
    renderDecisions(data.decisions, data.mode === 'dry-run' ? data.proposals : []),
    renderNextSession(data.nextSession),
    renderTeam(data.team),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
