import type { FileEdit, GuardrailConfig, RepoFiles } from '@triad/core';
import { checkProposal } from '../guardrails/check-proposal';
import type { Refusal } from '../guardrails/refusal';
import { validateProposal } from './validate-proposal';
import type { ValidationProblem } from './validation-problem';

/** Everything that stops a change before review: guardrail refusals, then validation problems. */
export interface ChangeCheck {
  ok: boolean;
  refusals: (Refusal | ValidationProblem)[];
}

/** The guardrails and the validation of a set of edits against the files they were drafted from. */
export function checkChange(base: RepoFiles, edits: readonly FileEdit[], config: GuardrailConfig): ChangeCheck {
  const guard = checkProposal(edits, config);
  const valid = validateProposal(base, edits);
  // A file that does not parse is refused by both: say it once, with validation's more precise rule.
  const parse = new Set(valid.problems.filter((p) => p.rule.startsWith('yaml-')).map((p) => p.path));
  const refusals = [
    ...guard.refusals.filter((r) => !(r.rule === 'yaml-invalid' && parse.has(r.path))),
    ...valid.problems,
  ];
  return { ok: refusals.length === 0, refusals };
}
