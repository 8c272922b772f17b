import { z } from 'zod';
import { RiskLevel } from './risk';

export const TASK_STATES = [
  'planned',
  'drafting',
  'under_review',
  'changes_requested',
  'awaiting_approval',
  'applying',
  'pr_open',
  'verifying',
  'verified',
  'applied',
  'proposed',
  'rejected',
  'failed',
  'rolled_back',
  'deferred',
  'expired',
] as const;
export const TaskState = z.enum(TASK_STATES);
export type TaskState = z.infer<typeof TaskState>;

/** A task's pull (merge) request on the forge, as a pr-mode session records it. */
export const PullRequestRecord = z.object({
  /** The number (GitHub, Gitea) or iid (GitLab) shown in its URL. */
  number: z.number().int().positive(),
  /** Its page, for people. */
  url: z.string(),
  /** The pushed branch, `triad/<session>/<task>`. */
  branch: z.string(),
  /** The commit Triad last pushed to the branch: the only head it may replace (never a person's push). */
  head: z.string(),
  /** The base commit that commit was made on. */
  base: z.string(),
});
export type PullRequestRecord = z.infer<typeof PullRequestRecord>;

export const TaskCategory = z.enum(['stability', 'security', 'resources', 'docs']);
export type TaskCategory = z.infer<typeof TaskCategory>;

export const Task = z.object({
  /** `<session>-c<cycle>t<n>`: unique, and safe in BullMQ job ids (no `:`). */
  id: z.string(),
  sessionId: z.string(),
  /** The observe → plan cycle that created it (1-based). */
  cycle: z.number().int().positive(),
  title: z.string(),
  category: TaskCategory,
  /** Higher runs first. */
  priority: z.number().int(),
  findingIds: z.array(z.string()),
  state: TaskState,
  /** Revision of the current (or last) proposal; 0 before the first draft. */
  revision: z.number().int().nonnegative(),
  risk: RiskLevel.optional(),
  /** Sha of the commit that applied it. */
  commit: z.string().optional(),
  /**
   * What the commit holds when it differs from the revision that was reviewed and approved (an ADR renumbered because
   * another change took its number first): the committed diff, and each difference with why.
   */
  committedChange: z
    .object({
      /** The committed diff, masked as the approved one is. */
      diff: z.string(),
      /** One line per difference: what changed and why. */
      changes: z.array(z.string()),
    })
    .optional(),
  /** Sha of the commit that reverted it. */
  revertCommit: z.string().optional(),
  /** Its pull request, in pr mode: opened when the task reached `pr_open`. */
  pullRequest: PullRequestRecord.optional(),
  /** pr mode: the pull request that reverts its merged change, opened when Flux failed it. */
  revertPullRequest: PullRequestRecord.optional(),
  /** Name of the person who approved it, when a person did. */
  approvedBy: z.string().optional(),
  /** Why the task is in its current state, for end states above all. */
  reason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof Task>;
