import type { FileEdit, GuardrailConfig } from '@triad/core';
import { checkCredentialLiterals } from './credential-literal';
import { checkFluxSystem } from './flux-system-rule';
import { parseEdits } from './parsed-edit';
import { checkPath } from './path-rules';
import { checkPlaintextSecrets } from './plaintext-secret';
import { checkPrivileges } from './privilege-rules';
import type { GuardrailResult, Refusal } from './refusal';
import { checkSize } from './size-rules';
import { checkSopsFile } from './sops-file-rule';
import { checkTextCredentials } from './text-credential-rule';

/**
 * Every rule the tool layer enforces on a proposal, whatever a model says: where it writes, what it writes, how much.
 * Pure: the caller passes whole-file edits with the content they were drafted against.
 */
export function checkProposal(edits: readonly FileEdit[], config: GuardrailConfig): GuardrailResult {
  const parsed = parseEdits(edits);
  const refusals: Refusal[] = [
    ...edits.flatMap((e) => [...checkPath(e.path, config), ...checkSopsFile(e)]),
    ...checkSize(edits, config),
  ];
  for (const p of parsed) {
    // A file that did not parse before (a template, say) is not made worse by an edit that still does not parse.
    if (p.afterError !== undefined && p.before !== null) {
      refusals.push({
        rule: 'yaml-invalid',
        path: p.edit.path,
        message: `${p.edit.path} does not parse as YAML after the edit (${p.afterError}): fix the syntax or duplicate key.`,
      });
    }
    refusals.push(...checkPlaintextSecrets(p));
  }
  refusals.push(
    ...checkFluxSystem(parsed),
    ...checkCredentialLiterals(parsed),
    ...checkTextCredentials(parsed),
    ...checkPrivileges(parsed),
  );
  return { ok: refusals.length === 0, refusals };
}
