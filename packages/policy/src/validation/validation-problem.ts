/** Stable ids of what `validateProposal` checks. */
export const VALIDATION_RULES = [
  'yaml-invalid',
  'yaml-duplicate-key',
  'yaml-alias-bomb',
  'kustomization-resource-missing',
  'kustomization-patch-missing',
  'kustomization-patch-target-missing',
  'flux-path-missing',
  'unresolved-substitution',
] as const;
export type ValidationRule = (typeof VALIDATION_RULES)[number];

/** Why a proposal may not go to review: the repo it leaves behind would not build. */
export interface ValidationProblem {
  rule: ValidationRule;
  /** Repo-relative path of the file at fault. */
  path: string;
  /** One line: what is wrong and what to do instead. */
  message: string;
}

/** Outcome of `validateProposal`. */
export interface ValidationResult {
  /** True when nothing is wrong. */
  ok: boolean;
  problems: ValidationProblem[];
}
