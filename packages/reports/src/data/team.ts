import type { Session, TriadEvent } from '@triad/core';
import { numberField, stringField } from '../event-data';
import { elapsedMs } from '../format';
import type { ReportInput } from '../report-input';

export const ROLES = ['lead', 'co-lead', 'cio', 'human'] as const;
export type Role = (typeof ROLES)[number];

export interface RolePerformance {
  role: Role;
  /** `builtin`, `<provider>:<model>`, or `person` for the human. */
  model: string;
  /** `model.call` events of the role, plus, for a built-in agent, each proposal/review/assessment it made. */
  calls: number;
  /** Proposals drafted (every revision), for the Lead. */
  proposals: number;
  /** Reviews by verdict, for the Co-Lead. */
  reviews: { approve: number; request_changes: number; reject: number };
  /** Risk assessments made, for the CIO. */
  assessments: number;
  /** Approval requests a person approved. */
  approved: number;
  /** Approval requests a person rejected. */
  rejected: number;
  /** Sums over the role's `model.call` events. */
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  usd: number;
  /** Mean of the role's latencies in ms (for the human: request to decision); absent with no sample. */
  meanLatencyMs?: number;
  /** How many latencies the mean is over. */
  latencySamples: number;
}

/** The event type that marks each agent's own step, whose `data.latencyMs` counts when no model call has one. */
const STEP_EVENT: Record<Exclude<Role, 'human'>, TriadEvent['type']> = {
  lead: 'proposal.drafted',
  'co-lead': 'review.completed',
  cio: 'risk.assessed',
};

function roleOf(event: TriadEvent): Role | undefined {
  const role = stringField(event, 'role') ?? event.actor;
  if (role === 'coLead') return 'co-lead';
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : undefined;
}

/** Where each agent role's model is set in `session.models`. */
const MODEL_KEY = { lead: 'lead', 'co-lead': 'coLead', cio: 'cio' } as const;

function modelOf(role: Role, session: Session): string {
  return role === 'human' ? 'person' : session.models[MODEL_KEY[role]];
}

function mean(values: number[]): number | undefined {
  return values.length > 0 ? Math.round(values.reduce((sum, value) => sum + value, 0) / values.length) : undefined;
}

function latencies(role: Role, input: ReportInput, modelCalls: TriadEvent[]): number[] {
  if (role === 'human') {
    return input.approvals
      .filter((approval) => approval.decidedAt && approval.status !== 'expired' && approval.status !== 'pending')
      .map((approval) => elapsedMs(approval.requestedAt, approval.decidedAt ?? approval.requestedAt));
  }
  const fromCalls = modelCalls.flatMap((event) => numberField(event, 'latencyMs') ?? []);
  if (fromCalls.length > 0) return fromCalls;
  const steps = input.events.filter((event) => event.type === STEP_EVENT[role] && roleOf(event) === role);
  return steps.flatMap((event) => numberField(event, 'latencyMs') ?? []);
}

function performance(role: Role, input: ReportInput): RolePerformance {
  const modelCalls = input.events.filter((event) => event.type === 'model.call' && roleOf(event) === role);
  const sum = (key: string) => modelCalls.reduce((total, event) => total + (numberField(event, key) ?? 0), 0);
  const model = modelOf(role, input.session);
  const proposals = role === 'lead' ? input.proposals.length : 0;
  const reviewsOf = (verdict: string) =>
    role === 'co-lead' ? input.reviews.filter((r) => r.verdict === verdict).length : 0;
  const reviews = {
    approve: reviewsOf('approve'),
    request_changes: reviewsOf('request_changes'),
    reject: reviewsOf('reject'),
  };
  const assessments = role === 'cio' ? input.assessments.length : 0;
  const ownSteps = proposals + reviews.approve + reviews.request_changes + reviews.reject + assessments;
  const byHuman = (status: string) =>
    role === 'human' ? input.approvals.filter((a) => a.status === status).length : 0;
  const samples = latencies(role, input, modelCalls);
  const meanLatencyMs = mean(samples);
  return {
    role,
    model,
    calls: modelCalls.length + (model === 'builtin' ? ownSteps : 0),
    proposals,
    reviews,
    assessments,
    approved: byHuman('approved'),
    rejected: byHuman('rejected'),
    inputTokens: sum('inputTokens'),
    outputTokens: sum('outputTokens'),
    cachedTokens: sum('cachedTokens'),
    usd: Math.round(sum('usd') * 1e6) / 1e6,
    ...(meanLatencyMs !== undefined ? { meanLatencyMs } : {}),
    latencySamples: samples.length,
  };
}

/** What each role did, spent and how fast it answered, from the event log and the records. */
export function buildTeam(input: ReportInput): RolePerformance[] {
  return ROLES.map((role) => performance(role, input));
}
