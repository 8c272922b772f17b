import type { SopsSelection } from '@triad/analyzers';
import type { AgeKeyEntry } from './age-data-key';
import { DEFAULT_UNENCRYPTED_SUFFIX } from './sops-tree';

/** The sops version whose file layout Triad writes (empty key lists included), read by sops 3.x and Flux alike. */
export const SOPS_FORMAT_VERSION = '3.9.4';

/** What goes into a file's `sops:` block. */
export interface SopsMetadataInput {
  age: AgeKeyEntry[];
  /** RFC 3339, seconds, UTC: also the additional data of the encrypted MAC. */
  lastModified: string;
  /** The encrypted MAC, `ENC[AES256_GCM,…]`. */
  mac: string;
  selection: SopsSelection;
}

/** The `sops:` block in the order sops writes it; the selection rule used is recorded so decryption applies it. */
export function sopsMetadata({ age, lastModified, mac, selection }: SopsMetadataInput): Record<string, unknown> {
  const { encryptedRegex, unencryptedRegex, encryptedSuffix, unencryptedSuffix, macOnlyEncrypted } = selection;
  const noneSet = !encryptedRegex && !unencryptedRegex && !encryptedSuffix && !unencryptedSuffix;
  return {
    kms: [],
    gcp_kms: [],
    azure_kv: [],
    hc_vault: [],
    age: age.map((entry) => ({ recipient: entry.recipient, enc: entry.enc })),
    lastmodified: lastModified,
    mac,
    pgp: [],
    ...(noneSet ? { unencrypted_suffix: DEFAULT_UNENCRYPTED_SUFFIX } : {}),
    ...(unencryptedSuffix ? { unencrypted_suffix: unencryptedSuffix } : {}),
    ...(encryptedSuffix ? { encrypted_suffix: encryptedSuffix } : {}),
    ...(unencryptedRegex ? { unencrypted_regex: unencryptedRegex } : {}),
    ...(encryptedRegex ? { encrypted_regex: encryptedRegex } : {}),
    ...(macOnlyEncrypted ? { mac_only_encrypted: true } : {}),
    version: SOPS_FORMAT_VERSION,
  };
}

/** `lastmodified` as sops writes it (Go's `time.RFC3339` of a UTC time: whole seconds, `Z`). */
export function sopsTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
