import type { RiskLevel, Severity, TaskState } from '@triad/core';

/** Why an item is on the next session's list, in the order the list is read. */
export const PRIORITY_KINDS = [
  'awaiting_approval',
  'pr_open',
  'critical_risk',
  'follow_up',
  'deferred',
  'rejected',
  'unfixed_finding',
  'expired',
] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

/** One thing the next human session must look at. */
export interface Priority {
  kind: PriorityKind;
  /** The task, for every kind but `unfixed_finding`. */
  taskId?: string;
  /** The finding, for `unfixed_finding`. */
  findingId?: string;
  /** The task's title, or the finding's message. */
  title: string;
  /** The task's state when the report was written. */
  state?: TaskState;
  /** The task's risk level, when assessed. */
  risk?: RiskLevel;
  /** The finding's severity. */
  severity?: Severity;
  /** Why it needs a person, from the records. */
  why: string;
  /** What the person should do. */
  action: string;
  /** The task's pull request page, in pr mode. */
  url?: string;
  /** Commits involved (applied, reverted), full shas. */
  commits: string[];
}
