import { z } from 'zod';
import { RiskLevel } from './risk';
import { Budget, RoleModels, SessionMode } from './session';

/** Limits the tool layer enforces on every proposal, whatever a model says. */
export const GuardrailConfig = z.object({
  /** Files one change may touch. */
  maxFiles: z.number().int().positive().default(10),
  /** Added plus removed lines one change may have. */
  maxChangedLines: z.number().int().positive().default(400),
  /** Extra globs that may never be written (on top of the built-in deny list). */
  deny: z.array(z.string()).default([]),
  /** When non-empty, only paths matching one of these globs may be written. */
  allow: z.array(z.string()).default([]),
});
export type GuardrailConfig = z.infer<typeof GuardrailConfig>;

/** What a person asks for when starting a session (CLI, API, UI). */
export const SessionRequest = z.object({
  repo: z.string().min(1),
  branch: z.string().min(1).default('main'),
  durationMs: z.number().int().positive(),
  /** How changes land: `commit` (default), `pr` or `dry-run`. */
  mode: SessionMode.default('commit'),
  goals: z.array(z.string()).default([]),
  /** Who asks for the session; shown in the timeline, the session page and the report. */
  startedBy: z.string().optional(),
  budget: Budget.default({}),
  autoApprove: RiskLevel.default('medium'),
  maxRevisions: z.number().int().positive().default(3),
  maxCycles: z.number().int().positive().default(5),
  approvalTimeoutMs: z.number().int().positive().optional(),
  models: RoleModels.default({ lead: 'builtin', coLead: 'builtin', cio: 'builtin' }),
  /** Two approvers for critical changes; when absent, the starting process's default. */
  fourEyes: z.boolean().optional(),
  cluster: z.object({ kubeconfig: z.string(), context: z.string().optional() }).optional(),
});
export type SessionRequest = z.input<typeof SessionRequest>;

/** Process-wide settings, validated once at the edge (each app's env.ts) and passed down explicitly. */
export const TriadConfig = z.object({
  redisUrl: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key and BullMQ queue; tests use their own. */
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('triad'),
  /** Where workers keep their working clones. */
  workdir: z.string(),
  /** Directory in the GitOps repo that session reports are committed to. */
  reportDir: z.string().default('docs/sessions'),
  /** Directory in the GitOps repo that ADRs are written to. */
  adrDir: z.string().default('docs/adr'),
  guardrails: GuardrailConfig.default({ maxFiles: 10, maxChangedLines: 400, deny: [], allow: [] }),
  /** Jobs each worker runs at once per stage. */
  concurrency: z.number().int().positive().default(2),
  /**
   * Most approved tasks of a session landed by one push (one commit each) when no cluster verifies each change on its
   * own; 1 pushes every task by itself.
   */
  applyBatch: z.number().int().positive().default(20),
});
export type TriadConfig = z.infer<typeof TriadConfig>;
