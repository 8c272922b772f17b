import type { RepoRef, SessionMode } from '@triad/core';
import { type AchievementGroup, buildAchievements } from './data/achievements';
import { buildDecisions, type Decision } from './data/decisions';
import { buildFinalState, type FinalState } from './data/final-state';
import { buildNextSession } from './data/next-session';
import type { Priority } from './data/priority';
import { buildProposals, type ProposalEntry } from './data/proposals';
import { buildSetbacks, type Setback } from './data/setbacks';
import { buildSummary, type SummaryData } from './data/summary';
import { buildTeam, type RolePerformance } from './data/team';
import { buildTechnicalDetails, type TechnicalDetail } from './data/technical-details';
import type { ReportInput } from './report-input';

/** The numbers and lists a session report is made of; `triad report --format json` prints it as is. */
export interface ReportData {
  sessionId: string;
  repo: RepoRef;
  /** How the session landed its changes: `commit`, `pr` or `dry-run`. */
  mode: SessionMode;
  /** What the person who started the session asked for. */
  goals: string[];
  /** When the report was generated (ISO). */
  generatedAt: string;
  /** Git revision of the branch at the end, when known. */
  finalRevision?: string;
  /** Time box, end reason, tokens and cost against budget, tasks per state. */
  summary: SummaryData;
  /** Tasks that landed, per category. */
  achievements: AchievementGroup[];
  /** Shortened diffs of the tasks that landed. */
  technicalDetails: TechnicalDetail[];
  /** What a dry run proposed, with whole diffs that `git apply` takes. */
  proposals: ProposalEntry[];
  /** Tasks that failed, were rolled back or were rejected. */
  setbacks: Setback[];
  /** Findings before and after. */
  finalState: FinalState;
  /** ADRs written, with their task's end state. */
  decisions: Decision[];
  /** What the next human session must do, most pressing first. */
  nextSession: Priority[];
  /** Per role: lead, co-lead, cio, human. */
  team: RolePerformance[];
}

/** Derives the report from the session's records; pure and deterministic (every list is sorted). */
export function buildReportData(input: ReportInput): ReportData {
  return {
    sessionId: input.session.id,
    repo: { url: input.session.repo.url, branch: input.session.repo.branch },
    mode: input.session.mode,
    goals: [...input.session.goals],
    generatedAt: input.generatedAt,
    ...(input.finalRevision ? { finalRevision: input.finalRevision } : {}),
    summary: buildSummary(input),
    achievements: buildAchievements(input),
    technicalDetails: buildTechnicalDetails(input),
    proposals: buildProposals(input),
    setbacks: buildSetbacks(input),
    finalState: buildFinalState(input),
    decisions: buildDecisions(input),
    nextSession: buildNextSession(input),
    team: buildTeam(input),
  };
}
