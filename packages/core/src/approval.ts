import { z } from 'zod';
import { RiskLevel } from './risk';

export const ApprovalStatus = z.enum(['pending', 'approved', 'rejected', 'expired']);
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
