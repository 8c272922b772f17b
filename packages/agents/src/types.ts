import type {
  AdrDraft,
  Finding,
  Proposal,
  RepoFiles,
  Review,
  RiskAssessment,
  RiskLevel,
  Session,
  Task,
} from '@triad/core';
import type { ModelToolCallRecord } from '@triad/tools';
import type { ClusterReader } from './lead/model/cluster-reader';

/** What every agent call gets besides its input. */
export interface AgentContext {
  session: Session;
  /** Fires at the session's deadline, on a stop, or when the budget is spent: abort model calls at once. */
  signal: AbortSignal;
  /** Model-backed agents report every call here: it counts against the session's budget and goes to the event log. */
  onUsage?: (usage: ModelCallUsage) => Promise<void>;
  /** Model-backed agents report every tool call here, refused ones included, for the event log: never file contents. */
  onToolCall?: (record: ToolCallRecord) => Promise<void>;
  /** The session's cluster, read-only (Secrets as metadata only); absent when the session has none. */
  cluster?: ClusterReader;
}

/** One tool call of a model-backed agent as the event log keeps it: what was asked and how it ended, with its task. */
export type ToolCallRecord = ModelToolCallRecord & { taskId?: string };

export interface ModelCallUsage {
  role: 'lead' | 'co-lead' | 'cio';
  /** `<provider>:<model>`. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  usd: number;
  latencyMs: number;
  taskId?: string;
  /** Version of the system prompt the call was made with (`lead@1.0.0`); absent for agents without one. */
  promptVersion?: string;
}

/** What the Lead sees of the world at the start of a cycle. */
export interface Observation {
  /** Git revision the files were read at. */
  revision: string;
  files: RepoFiles;
  findings: Finding[];
}

export interface PlannedTask {
  title: string;
  category: Task['category'];
  /** Higher runs first. */
  priority: number;
  findingIds: string[];
}

export interface PlanInput {
  observation: Observation;
  goals: string[];
  /** Findings earlier tasks of this session already took on, whatever became of them: never planned twice. */
  coveredFindingIds: ReadonlySet<string>;
}

export interface DraftInput {
  task: Task;
  /** The findings the task addresses, as observed at `baseRevision`. */
  findings: Finding[];
  files: RepoFiles;
  baseRevision: string;
  /** 1 for the first draft. */
  revision: number;
  /** Comments on the previous revision, for the next draft to answer: a person's request for changes, then the Co-Lead's. */
  feedback: string[];
}

/** A whole-file edit as the Lead drafts it; the orchestrator pins `before` from the files it drafted against. */
export interface DraftEdit {
  path: string;
  /** New content; null removes the file. */
  after: string | null;
}

export type DraftResult =
  | {
      kind: 'proposal';
      edits: DraftEdit[];
      commitMessage: string;
      adr?: AdrDraft;
      addresses: string[];
      /** What a person must do before the change can work, one line each. */
      humanSteps?: string[];
      /** What a person must do once it is applied (rotate a moved credential…), one line each. */
      followUps?: string[];
    }
  /** The problem is gone at this revision (fixed meanwhile): the task expires. */
  | { kind: 'nothing_to_do'; reason: string }
  /** No safe change exists; the task fails with the reason. */
  | { kind: 'cannot'; reason: string };

export interface LeadAgent {
  /** `builtin` or `<provider>:<model>`: goes into events and trailers. */
  readonly name: string;
  /** Version of the system prompt a model-backed agent runs with: goes into the `Triad-Prompt` trailer. */
  readonly promptVersion?: string;
  plan(input: PlanInput, context: AgentContext): Promise<PlannedTask[]>;
  draft(input: DraftInput, context: AgentContext): Promise<DraftResult>;
}

export interface ReviewInput {
  task: Task;
  proposal: Proposal;
  findings: Finding[];
  /** Files at the proposal's base revision. */
  files: RepoFiles;
}

export type ReviewOutcome = Pick<Review, 'verdict' | 'comments' | 'adrRequired' | 'adrReason'>;

export interface CoLeadAgent {
  readonly name: string;
  readonly promptVersion?: string;
  review(input: ReviewInput, context: AgentContext): Promise<ReviewOutcome>;
}

export interface AssessInput extends ReviewInput {
  /** The tool layer's minimum for this change; the orchestrator raises any lower level to it. */
  floor: { level: RiskLevel; reasons: string[] };
}

export type AssessOutcome = Pick<RiskAssessment, 'score' | 'factors' | 'blastRadius' | 'reversibility'> & {
  level: RiskLevel;
};

export interface CioAgent {
  readonly name: string;
  readonly promptVersion?: string;
  assess(input: AssessInput, context: AgentContext): Promise<AssessOutcome>;
}

export interface Agents {
  lead: LeadAgent;
  coLead: CoLeadAgent;
  cio: CioAgent;
}
