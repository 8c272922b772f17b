import type { RepoFiles } from '@triad/core';
import {
  invalidRegexes,
  parseCreationRules,
  SOPS_CONFIG_FILE,
  type SopsSelection,
  selectionConflict,
} from './creation-rules';
import { matchPathRegex } from './sops-regex';

/** An age X25519 recipient, as `age-keygen` prints it. */
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/** How a file at a path would be encrypted, or why Triad cannot encrypt it. */
export type SopsPlan =
  | {
      kind: 'age';
      /** Every recipient of the matching rule: the data key is encrypted to each. */
      recipients: string[];
      /** Which values to encrypt. */
      selection: SopsSelection;
    }
  | {
      kind: 'none';
      /** One line: why no encryption is possible for the path, and what a person can do. */
      reason: string;
    };

/**
 * The encryption `sops --encrypt` would apply to `path` from the repository's `.sops.yaml`: the first creation rule
 * whose `path_regex` matches (a rule without one matches all). Only rules that name age recipients and nothing else
 * Triad cannot encrypt to (PGP, KMS, Vault, several Shamir key groups) give a plan.
 */
export function sopsPlanFor(files: RepoFiles, path: string): SopsPlan {
  const config = files.get(SOPS_CONFIG_FILE);
  if (config === undefined) {
    return none(`the repository has no ${SOPS_CONFIG_FILE}, so it names no age recipient for ${path}`);
  }
  const rule = parseCreationRules(config).find((r) => r.pathRegex === undefined || matchPathRegex(r.pathRegex, path));
  if (!rule) return none(`no creation rule of ${SOPS_CONFIG_FILE} matches ${path}`);
  const where = `the ${SOPS_CONFIG_FILE} rule for ${path}${rule.pathRegex ? ` (path_regex ${rule.pathRegex})` : ''}`;
  const invalid = invalidRegexes(rule);
  if (invalid.length > 0) return none(`${where} has a regex that does not compile (${invalid.join(', ')})`);
  if (rule.age.length === 0) {
    const kinds = rule.otherKeys.length > 0 ? rule.otherKeys.join(', ') : 'no keys';
    return none(`${where} names no age recipient (only ${kinds}), and Triad encrypts to age recipients only`);
  }
  if (rule.otherKeys.length > 0) {
    return none(
      `${where} also names ${rule.otherKeys.join(', ')} keys, which Triad cannot encrypt to: a file it wrote would lock their holders out`,
    );
  }
  if (rule.keyGroups > 1) return none(`${where} splits the data key over ${rule.keyGroups} key groups (Shamir)`);
  if (rule.commentRegex) return none(`${where} selects values by comments, which Triad does not write`);
  if (selectionConflict(rule)) return none(`${where} sets more than one encrypted/unencrypted regex or suffix`);
  const bad = rule.age.find((recipient) => !AGE_RECIPIENT.test(recipient));
  if (bad) return none(`${where} names ${bad}, which is not an age X25519 recipient`);
  const { encryptedRegex, unencryptedRegex, encryptedSuffix, unencryptedSuffix, macOnlyEncrypted } = rule;
  const selection: SopsSelection = Object.fromEntries(
    Object.entries({ encryptedRegex, unencryptedRegex, encryptedSuffix, unencryptedSuffix, macOnlyEncrypted }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  return { kind: 'age', recipients: rule.age, selection };
}

function none(reason: string): SopsPlan {
  return { kind: 'none', reason };
}
