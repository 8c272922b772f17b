import { z } from 'zod';
import { RiskLevel } from './risk';

export const SessionState = z.enum(['running', 'stopping', 'ended']);
export type SessionState = z.infer<typeof SessionState>;

/** Why a session ended: its time box, its budget, a person, nothing left to do, or an error it could not get past. */
export const EndReason = z.enum(['deadline', 'budget', 'stopped', 'completed', 'failed']);
export type EndReason = z.infer<typeof EndReason>;

/** `builtin`, or `<provider>:<model>` (`anthropic:claude-sonnet-4-5`, `openai-compatible:llama3@http://…`). */
export const ModelSpec = z.string().min(1);

export const RoleModels = z.object({
  lead: ModelSpec.default('builtin'),
  coLead: ModelSpec.default('builtin'),
  cio: ModelSpec.default('builtin'),
});
export type RoleModels = z.infer<typeof RoleModels>;

export const Budget = z.object({
  maxTokens: z.number().int().positive().optional(),
  maxUsd: z.number().positive().optional(),
});
export type Budget = z.infer<typeof Budget>;

export const Usage = z.object({
  inputTokens: z.number().int().nonnegative().default(0),
  outputTokens: z.number().int().nonnegative().default(0),
  cachedTokens: z.number().int().nonnegative().default(0),
  usd: z.number().nonnegative().default(0),
  calls: z.number().int().nonnegative().default(0),
});
export type Usage = z.infer<typeof Usage>;

/**
 * How a session lands its changes: `commit` pushes to the branch Flux watches; `pr` pushes a branch per task and
 * opens a pull request, verified once merged; `dry-run` proposes, reviews and assesses, and pushes nothing.
 */
export const SessionMode = z.enum(['commit', 'pr', 'dry-run']);
export type SessionMode = z.infer<typeof SessionMode>;

/** The forges a pr-mode session opens pull (merge) requests on. */
export const ForgeKind = z.enum(['github', 'gitea', 'gitlab']);
export type ForgeKind = z.infer<typeof ForgeKind>;

/** Where a pr-mode session opens its requests; the token stays in the environment, never here. */
export const SessionForge = z.object({
  kind: ForgeKind,
  /** API base URL: `https://api.github.com`, `https://gitea.example/api/v1`, `https://gitlab.com`. */
  apiUrl: z.string().url(),
  /** `owner/name` on the forge (GitLab: the full project path). */
  repo: z.string().min(3),
});
export type SessionForge = z.infer<typeof SessionForge>;

export const RepoRef = z.object({
  /** Anything `git clone` takes: a path to a bare repository, or a URL. */
  url: z.string().min(1),
  branch: z.string().min(1).default('main'),
});
export type RepoRef = z.infer<typeof RepoRef>;

export const Session = z.object({
  id: z.string(),
  repo: RepoRef,
  goals: z.array(z.string()).default([]),
  /** Who started it: the logged-in person, the API token's user, or the CLI's TRIAD_USER. */
  startedBy: z.string().optional(),
  /** Who stopped it, when a person did. */
  stoppedBy: z.string().optional(),
  /** How changes land; sessions recorded before modes existed were all `commit`. */
  mode: SessionMode.default('commit'),
  state: SessionState,
  createdAt: z.string(),
  /** The end of the time box. */
  deadline: z.string(),
  durationMs: z.number().int().positive(),
  endedAt: z.string().optional(),
  endReason: EndReason.optional(),
  /** One line on why it ended, for `failed` above all. */
  endMessage: z.string().optional(),
  budget: Budget.default({}),
  usage: Usage.default({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, usd: 0, calls: 0 }),
  /** Changes assessed at or below this level are applied without a person. */
  autoApprove: RiskLevel.default('medium'),
  /** Drafts per task before a request for changes becomes a rejection. */
  maxRevisions: z.number().int().positive().default(3),
  /** Observe → plan cycles at most. */
  maxCycles: z.number().int().positive().default(5),
  /** How long an approval may wait, in ms; never past the deadline. */
  approvalTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(4 * 60 * 60 * 1000),
  models: RoleModels.default({ lead: 'builtin', coLead: 'builtin', cio: 'builtin' }),
  /** Critical changes need two different approvers; recorded with the session so every process enforces it. */
  fourEyes: z.boolean().default(false),
  /** Cluster to observe and verify against; absent means repo only (verify is skipped). */
  cluster: z.object({ kubeconfig: z.string(), context: z.string().optional() }).optional(),
  /** pr mode: the forge its pull requests go to (kind, API, repository), detected or given at start. */
  forge: SessionForge.optional(),
  /** The current observe → plan cycle. */
  cycle: z.number().int().nonnegative().default(0),
  report: z.object({ path: z.string(), commit: z.string().optional() }).optional(),
});
export type Session = z.infer<typeof Session>;
