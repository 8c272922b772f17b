import { z } from 'zod';
import { RiskLevel } from './risk';

/** `changes_requested`: a person sent the change back to the Lead with a comment; the task is drafted again. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'changes_requested', 'expired'] as const;
export const ApprovalStatus = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const Approval = z.object({
  taskId: z.string(),
  sessionId: z.string(),
  revision: z.number().int().positive(),
  level: RiskLevel,
  status: ApprovalStatus,
  requestedAt: z.string(),
  /** After this instant the request counts as denied and the task is deferred. */
  expiresAt: z.string(),
  decidedAt: z.string().optional(),
  /** Name of the person who decided. */
  decidedBy: z.string().optional(),
  comment: z.string().optional(),
});
export type Approval = z.infer<typeof Approval>;
