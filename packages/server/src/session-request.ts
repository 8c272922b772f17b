import { ForgeKind, RiskLevel, type RoleModels, SessionMode, type SessionRequest, sessionDuration } from '@triad/core';
import { z } from 'zod';

/** What the API and the start form take to start a session. */
export const StartSessionBody = z.object({
  /** A bare repository path or a git URL. */
  repo: z.string().trim().min(1),
  branch: z.string().trim().min(1).default('main'),
  /** How changes land: `commit` (push to the branch), `pr` (a pull request each) or `dry-run` (push nothing). */
  mode: SessionMode.default('commit'),
  /**
   * pr mode: the forge (`github`, `gitea`, `gitlab`), its API URL and the repository's `owner/name` on it; each is
   * detected from the remote URL when absent. The token is the server's (`GITHUB_TOKEN`…), never part of a request.
   */
  forge: z
    .object({
      kind: ForgeKind.optional(),
      apiUrl: z.string().trim().url().optional(),
      repo: z.string().trim().min(3).optional(),
    })
    .optional(),
  /** The time box: `30m`, `8h`, `48h`, `1h30m`. */
  duration: z.string().trim().min(1).default('48h'),
  /** What the session should focus on, one line each. */
  goals: z.array(z.string().trim().min(1)).default([]),
  budget: z
    .object({
      maxTokens: z.number().int().positive().optional(),
      maxUsd: z.number().positive().optional(),
    })
    .default({}),
  /** Model per role: `builtin` or `<provider>:<model>`; unset roles use the server's defaults. */
  models: z
    .object({ lead: z.string().min(1), coLead: z.string().min(1), cio: z.string().min(1) })
    .partial()
    .default({}),
  /** Changes at or below this risk are applied without a person. */
  autoApprove: RiskLevel.default('medium'),
  /** How long an approval may wait before it counts as denied (never past the session's end): `4h`. */
  approvalTimeout: z.string().trim().min(1).optional(),
  /** Observe → plan cycles at most. */
  maxCycles: z.number().int().positive().max(100).optional(),
});
export type StartSessionBody = z.infer<typeof StartSessionBody>;

/**
 * The session request a start body asks for. Its duration and approval timeout are bounded by `maxDurationMs`
 * (`TRIAD_MAX_DURATION`), as the CLI bounds them; a longer one is refused in one line (a 422).
 */
export function toSessionRequest(body: StartSessionBody, defaults: RoleModels, maxDurationMs: number): SessionRequest {
  return {
    repo: body.repo,
    branch: body.branch,
    mode: body.mode,
    ...(body.mode === 'pr' && body.forge ? { forge: body.forge } : {}),
    durationMs: sessionDuration(body.duration, 'duration', maxDurationMs),
    goals: body.goals,
    budget: body.budget,
    autoApprove: body.autoApprove,
    models: { ...defaults, ...body.models },
    ...(body.approvalTimeout
      ? { approvalTimeoutMs: sessionDuration(body.approvalTimeout, 'approval timeout', maxDurationMs) }
      : {}),
    ...(body.maxCycles ? { maxCycles: body.maxCycles } : {}),
  };
}
