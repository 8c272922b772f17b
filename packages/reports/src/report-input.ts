import type { Approval, Finding, Proposal, Review, RiskAssessment, Session, Task, TriadEvent } from '@triad/core';

/** An ADR the session committed, as the report links it. */
export interface WrittenAdr {
  /** ADR number, as in its file name. */
  number: number;
  title: string;
  /** Repo-relative path of the ADR file. */
  path: string;
  /** Task whose change the ADR records. */
  taskId: string;
}

/**
 * The event types a report reads (each agent's step, model calls, verification): a caller may leave the rest of the
 * log out (a session of a thousand tasks has five thousand task moves), and the report is the same.
 */
export const REPORT_EVENT_TYPES: ReadonlySet<TriadEvent['type']> = new Set<TriadEvent['type']>([
  'proposal.drafted',
  'review.completed',
  'risk.assessed',
  'model.call',
  'verify.passed',
  'verify.skipped',
]);

/** Every record of one session that the report is derived from; the report claims nothing these do not show. */
export interface ReportInput {
  session: Session;
  tasks: Task[];
  /** The session's event log (model calls, transitions, pushes…), or only its events of `REPORT_EVENT_TYPES`. */
  events: TriadEvent[];
  /** Every revision of every proposal. */
  proposals: Proposal[];
  /** Every Co-Lead review, of every revision. */
  reviews: Review[];
  /** Every CIO risk assessment, of every revision. */
  assessments: RiskAssessment[];
  /** Requests for a person's approval, whatever became of them. */
  approvals: Approval[];
  /** Findings of the session's first observation. */
  findingsBefore: Finding[];
  /** Findings observed at the end, at `finalRevision`. */
  findingsAfter: Finding[];
  /** Git revision of the branch when the session ended. */
  finalRevision?: string;
  /** ISO instant the report is generated; stands in for the end of a session that has not ended. */
  generatedAt: string;
  adrs: WrittenAdr[];
  /** Repo-relative folder the report is committed in: the Decisions table links each ADR relative to it. */
  reportDir?: string;
  /**
   * What the report's text goes through before it is written (the tool layer's credential redaction): a dry-run diff
   * it would change is one `git apply` cannot take.
   */
  redact?: (text: string) => string;
}
