/** Stable ids of the rules the tool layer enforces on every proposal. */
export const GUARDRAIL_RULES = [
  'path-denied',
  'path-outside-repo',
  'plaintext-secret',
  'credential-literal',
  'privileged-introduced',
  'host-path-introduced',
  'host-namespace-introduced',
  'capabilities-added',
  'too-many-files',
  'too-many-lines',
  'yaml-invalid',
  'flux-system-protected',
  'sops-mac-broken',
] as const;
export type GuardrailRule = (typeof GUARDRAIL_RULES)[number];

/** Why the tool layer refuses a proposal, one per offending path and rule. */
export interface Refusal {
  /** Stable rule id, e.g. `plaintext-secret`. */
  rule: GuardrailRule;
  /** Repo-relative path of the offending file; empty for proposal-wide limits. */
  path: string;
  /** One line: what is wrong and what to do instead. */
  message: string;
}

/** Outcome of `checkProposal`. */
export interface GuardrailResult {
  /** True when no rule refuses the proposal. */
  ok: boolean;
  refusals: Refusal[];
}
