import { asRecord } from '../parse/k8s-object';

const SOPS_METADATA_KEYS = ['mac', 'lastmodified', 'age', 'pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'version'];

/** True when a parsed document carries SOPS metadata: a top-level `sops` mapping with `mac`/`lastmodified`/key groups. */
export function isSopsEncrypted(object: unknown): boolean {
  const sops = asRecord(asRecord(object)?.sops);
  if (!sops) return false;
  return SOPS_METADATA_KEYS.filter((key) => key in sops).length >= 2;
}
