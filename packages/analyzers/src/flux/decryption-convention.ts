import { compareText } from '../compare-text';
import type { FluxModel } from './flux-kustomization';

/** The secretRef a new `spec.decryption` should name when the repo has no precedent. */
export const DEFAULT_SOPS_SECRET = 'sops-age';

/** The repo's convention: the decryption secretRef most Flux Kustomizations use (ties: alphabetical), else `sops-age`. */
export function conventionalDecryptionSecret(model: FluxModel): string {
  const counts = new Map<string, number>();
  for (const kustomization of model.kustomizations) {
    const name = kustomization.decryption?.secretName;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = [...counts].sort(([a, x], [b, y]) => y - x || compareText(a, b));
  return ranked[0]?.[0] ?? DEFAULT_SOPS_SECRET;
}
