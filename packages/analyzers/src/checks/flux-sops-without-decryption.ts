import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { conventionalDecryptionSecret } from '../flux/decryption-convention';
import { displayName, getPath } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import type { Check } from './check';

export const FLUX_SOPS_WITHOUT_DECRYPTION = 'flux-sops-without-decryption';

/**
 * `--sops-age-secret=<name>` on kustomize-controller (Flux 2.7 and later): it decrypts age-encrypted files of every
 * Kustomization that has no spec.decryption. Set in a FluxInstance's patches, the flux charts' values or a kustomize
 * patch of the controller's Deployment: the flag itself is what each of them writes.
 */
const CONTROLLER_AGE_SECRET = /--sops-age-secret[= ]+["']?[\w.-]+/;

export const fluxSopsWithoutDecryption: Check = {
  id: FLUX_SOPS_WITHOUT_DECRYPTION,
  description: 'A Flux Kustomization builds SOPS-encrypted files but has no spec.decryption.',
  run({ flux, files, documents }) {
    const undecrypted = flux.kustomizations.filter((k) => k.encryptedFiles.length > 0 && !k.decryption);
    if (undecrypted.length === 0) return [];
    const secretName = conventionalDecryptionSecret(flux);
    // Read only when some Kustomization needs it: the whole repository's text.
    const controllerDecrypts = [...files.values()].some((text) => CONTROLLER_AGE_SECRET.test(text));
    // Files whose every document is encrypted for an age recipient: what the controller-level secret can decrypt.
    const ageOnly = (file: string) =>
      documents
        .filter((d) => d.file === file)
        .every((d) => {
          const age = getPath(d.object, ['sops', 'age']);
          return Array.isArray(age) && age.length > 0;
        });
    return undecrypted
      .filter((k) => !(controllerDecrypts && k.encryptedFiles.every(ageOnly)))
      .map((k): Finding => {
        const count = k.encryptedFiles.length;
        return {
          id: findingId(FLUX_SOPS_WITHOUT_DECRYPTION, k.ref),
          check: FLUX_SOPS_WITHOUT_DECRYPTION,
          severity: 'high',
          category: 'stability',
          resource: k.ref,
          file: k.document.file,
          line: lineOf(k.document, ['spec']),
          message:
            `Flux Kustomization ${displayName(k.ref)} builds ${count} SOPS-encrypted file${count === 1 ? '' : 's'} ` +
            `under ./${k.path} but has no spec.decryption: kustomize-controller cannot decrypt them and the ` +
            `Kustomization fails to apply.`,
          fixable: true,
          evidence: { path: k.path, encryptedFiles: k.encryptedFiles, secretRef: secretName },
        };
      });
  },
};
