import { type FixOutcome, fixFindings, sopsPlanFor } from '@triad/analyzers';
import type { Finding, RepoFiles } from '@triad/core';
import { encryptSopsYaml, SopsEncryptError } from './encrypt-sops-yaml';

/** A fix whose files are all fit to leave the tool layer: what had to be encrypted is. */
export type EncryptedFixOutcome = FixOutcome & { kind: 'fixed'; encrypt?: never };

/**
 * Encrypts the files a fixer left in plain text for the encryptor (`outcome.encrypt`), each to the age recipients
 * `.sops.yaml` names for its path in `files`. The plain text exists only between the fixer and here.
 */
export async function encryptFix(
  outcome: FixOutcome & { kind: 'fixed' },
  files: RepoFiles,
  now: Date,
): Promise<EncryptedFixOutcome> {
  const { encrypt = [], ...rest } = outcome;
  const out = new Map(outcome.files);
  for (const path of encrypt) {
    const plain = out.get(path);
    if (plain === undefined) throw new SopsEncryptError(`${path} is to be encrypted but the change does not write it`);
    const plan = sopsPlanFor(files, path);
    if (plan.kind !== 'age') throw new SopsEncryptError(`${path}: ${plan.reason}`);
    out.set(path, await encryptSopsYaml(plain, path, { recipients: plan.recipients, selection: plan.selection, now }));
  }
  return { ...rest, files: out };
}

/**
 * The built-in fix of `findings` on `files`, with every value that leaves a manifest SOPS-encrypted: the one way a
 * Lead, built-in or model-backed, gets a credential fix. Unfixable outcomes pass through.
 */
export async function fixAndEncrypt(
  files: RepoFiles,
  findings: readonly Finding[],
  now: Date,
): Promise<EncryptedFixOutcome | (FixOutcome & { kind: 'unfixable' })> {
  const outcome = fixFindings(files, findings);
  if (outcome.kind === 'unfixable') return outcome;
  try {
    return await encryptFix(outcome, files, now);
  } catch (error) {
    if (error instanceof SopsEncryptError) return { kind: 'unfixable', reason: error.message };
    throw error;
  }
}
