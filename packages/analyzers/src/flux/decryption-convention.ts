import { compareText } from '../compare-text';
import type { FluxKustomization, FluxModel } from './flux-kustomization';

/** The secretRef a new `spec.decryption` should name when the repo has no precedent. */
export const DEFAULT_SOPS_SECRET = 'sops-age';

/** How the repository's Flux Kustomizations decrypt, for a new `spec.decryption` to say the same. */
export interface DecryptionConvention {
  /** The Secret to name; undefined when they name none (a cloud KMS the controller reaches by workload identity). */
  secretName: string | undefined;
  /** The Kustomizations that decrypt so; empty when the repository has none and the default is used. */
  precedent: FluxKustomization[];
}

/**
 * The repo's convention: the `spec.decryption` most of its Flux Kustomizations have, counting only those the cluster
 * applies when some do (a bootstrap kept in an archive folder is no precedent); a decryption without secretRef counts
 * as one, and is copied as such. Ties go to the alphabetically first name; with no precedent, `sops-age`.
 */
export function conventionalDecryption(model: FluxModel): DecryptionConvention {
  const decrypting = model.kustomizations.filter((k) => k.decryption);
  const active = new Set(model.deployment?.active ?? []);
  const applied = decrypting.filter((k) => active.has(`${k.namespace}/${k.ref.name}`));
  const counted = applied.length > 0 ? applied : decrypting;
  const groups = new Map<string, FluxKustomization[]>();
  for (const kustomization of counted) {
    const key = kustomization.decryption?.secretName ?? '';
    groups.set(key, [...(groups.get(key) ?? []), kustomization]);
  }
  const [best] = [...groups].sort(([a, x], [b, y]) => y.length - x.length || compareText(a, b));
  if (!best) return { secretName: DEFAULT_SOPS_SECRET, precedent: [] };
  return { secretName: best[0] || undefined, precedent: best[1] };
}

/** The secretRef a new `spec.decryption` names by the repository's convention (see `conventionalDecryption`). */
export function conventionalDecryptionSecret(model: FluxModel): string | undefined {
  return conventionalDecryption(model).secretName;
}

/** `spec.decryption` as the convention writes it. */
export function decryptionSpec(convention: DecryptionConvention): Record<string, unknown> {
  return { provider: 'sops', ...(convention.secretName ? { secretRef: { name: convention.secretName } } : {}) };
}
