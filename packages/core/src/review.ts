import { z } from 'zod';

export const ReviewVerdict = z.enum(['approve', 'request_changes', 'reject']);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

export const Review = z.object({
  taskId: z.string(),
  revision: z.number().int().positive(),
  verdict: ReviewVerdict,
  /** What the drafter must change (request_changes) or why it was rejected. */
  comments: z.array(z.string()).default([]),
  /** True when the change is a decision that needs an Architecture Decision Record. */
  adrRequired: z.boolean().default(false),
  adrReason: z.string().optional(),
  reviewer: z.string(),
  createdAt: z.string(),
});
export type Review = z.infer<typeof Review>;
