import { asRecord } from '../parse/k8s-object';
import { parseYamlValue } from '../parse/yaml-documents';
import { isValidPathRegex } from './sops-regex';

/** The repository's SOPS configuration file, at its root. */
export const SOPS_CONFIG_FILE = '.sops.yaml';

/** Which values of a file sops encrypts. At most one of the four is set; none means all but `*_unencrypted` keys. */
export interface SopsSelection {
  /** Encrypt only values under a key matching it. */
  encryptedRegex?: string;
  /** Leave values under a key matching it in clear. */
  unencryptedRegex?: string;
  /** Encrypt only values under a key ending with it. */
  encryptedSuffix?: string;
  /** Leave values under a key ending with it in clear (sops's default: `_unencrypted`). */
  unencryptedSuffix?: string;
  /** The MAC covers the encrypted values only (`mac_only_encrypted`). */
  macOnlyEncrypted?: boolean;
}

/** One `creation_rules` entry of `.sops.yaml`, as far as Triad can act on it. */
export interface SopsCreationRule extends SopsSelection {
  /** `path_regex`; a rule without one matches every file. */
  pathRegex?: string;
  /** age recipients, from `age` (a list or a comma-separated string) or from the rule's key groups. */
  age: string[];
  /** Key kinds other than age the rule names (`pgp`, `kms`…): Triad cannot encrypt to those. */
  otherKeys: string[];
  /** How many key groups the rule has (`key_groups`); more than one means the data key is split with Shamir. */
  keyGroups: number;
  /** The rule selects values by comments (`encrypted_comment_regex`/`unencrypted_comment_regex`). */
  commentRegex: boolean;
}

const OTHER_KEYS = ['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'hc_vault', 'hckms'];
const SELECTION_KEYS = {
  encrypted_regex: 'encryptedRegex',
  unencrypted_regex: 'unencryptedRegex',
  encrypted_suffix: 'encryptedSuffix',
  unencrypted_suffix: 'unencryptedSuffix',
} as const;

/** The creation rules of a `.sops.yaml` text, in order; an unreadable file has none. */
export function parseCreationRules(text: string | undefined): SopsCreationRule[] {
  if (text === undefined) return [];
  let config: unknown;
  try {
    config = parseYamlValue(text);
  } catch {
    return [];
  }
  const rules = asRecord(config)?.creation_rules;
  return (Array.isArray(rules) ? rules : []).flatMap((entry) => {
    const rule = asRecord(entry);
    return rule ? [readRule(rule)] : [];
  });
}

function readRule(rule: Record<string, unknown>): SopsCreationRule {
  const groups = Array.isArray(rule.key_groups) ? rule.key_groups.map(asRecord).filter((g) => g !== undefined) : [];
  const sources = groups.length > 0 ? groups : [rule];
  const age = sources.flatMap((source) => keyList(source.age));
  const otherKeys = OTHER_KEYS.filter((kind) => sources.some((source) => keyList(source[kind]).length > 0));
  const out: SopsCreationRule = {
    age: [...new Set(age)],
    otherKeys,
    keyGroups: groups.length,
    commentRegex: Boolean(rule.encrypted_comment_regex || rule.unencrypted_comment_regex),
  };
  if (typeof rule.path_regex === 'string' && rule.path_regex !== '') out.pathRegex = rule.path_regex;
  for (const [key, field] of Object.entries(SELECTION_KEYS)) {
    const value = rule[key];
    if (typeof value === 'string' && value !== '') out[field] = value;
  }
  if (rule.mac_only_encrypted === true) out.macOnlyEncrypted = true;
  return out;
}

/** A key field: a list of strings or maps (`{ recipient: … }`), or one comma-separated string. */
function keyList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items
    .map((item) => (typeof item === 'string' ? item : String(asRecord(item)?.recipient ?? asRecord(item)?.arn ?? '')))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Whether the rule sets more than one way of selecting values, which sops refuses. */
export function selectionConflict(rule: SopsCreationRule): boolean {
  return Object.values(SELECTION_KEYS).filter((field) => rule[field] !== undefined).length > 1;
}

/** The regexes of a rule that do not compile, by field name. */
export function invalidRegexes(rule: SopsCreationRule): string[] {
  const fields = ['pathRegex', 'encryptedRegex', 'unencryptedRegex'] as const;
  return fields.filter((field) => rule[field] !== undefined && !isValidPathRegex(rule[field]!));
}
