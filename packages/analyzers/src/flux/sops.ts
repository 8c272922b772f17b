import { asRecord } from '../parse/k8s-object';

const SOPS_METADATA_KEYS = ['mac', 'lastmodified', 'age', 'pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'version'];

/** True when a parsed document carries SOPS metadata: a top-level `sops` mapping with `mac`/`lastmodified`/key groups. */
export function isSopsEncrypted(object: unknown): boolean {
  const sops = asRecord(asRecord(object)?.sops);
  if (!sops) return false;
  return SOPS_METADATA_KEYS.filter((key) => key in sops).length >= 2;
}

/**
 * The `mac:` of the top-level `sops` map of a file's text, read without parsing it: what SOPS checks the decrypted
 * content against. Undefined for a file SOPS did not encrypt.
 */
export function sopsMacOf(text: string | null | undefined): string | undefined {
  if (!text || !/^sops:[ \t]*$/m.test(text)) return undefined;
  return /^[ \t]+mac:[ \t]*(\S.*?)[ \t]*$/m.exec(text)?.[1];
}
