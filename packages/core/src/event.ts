import { z } from 'zod';

export const Actor = z.enum(['lead', 'co-lead', 'cio', 'human', 'tool', 'system']);
export type Actor = z.infer<typeof Actor>;

export const EVENT_TYPES = [
  'session.started',
  'session.stopping',
  'session.ended',
  'cycle.started',
  'observe.completed',
  'plan.completed',
  'task.created',
  'task.transition',
  'proposal.drafted',
  'guardrail.refused',
  'review.completed',
  'risk.assessed',
  'approval.requested',
  'approval.decided',
  'commit.pushed',
  'pr.opened',
  'pr.updated',
  'pr.merged',
  'pr.closed',
  'verify.skipped',
  'reconcile.requested',
  'verify.passed',
  'verify.failed',
  'commit.reverted',
  'report.written',
  'model.call',
  'tool.call',
  'worker.waiting',
  'error',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

export const TriadEvent = z.object({
  /** Redis stream id, assigned on append; resumable cursor for live views. */
  id: z.string().optional(),
  sessionId: z.string(),
  at: z.string(),
  type: EventType,
  actor: Actor,
  taskId: z.string().optional(),
  /** One human-readable line. */
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TriadEvent = z.infer<typeof TriadEvent>;
