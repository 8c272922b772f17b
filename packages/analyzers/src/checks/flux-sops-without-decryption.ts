import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { conventionalDecryptionSecret } from '../flux/decryption-convention';
import { displayName } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import type { Check } from './check';

export const FLUX_SOPS_WITHOUT_DECRYPTION = 'flux-sops-without-decryption';

export const fluxSopsWithoutDecryption: Check = {
  id: FLUX_SOPS_WITHOUT_DECRYPTION,
  description: 'A Flux Kustomization builds SOPS-encrypted files but has no spec.decryption.',
  run({ flux }) {
    const secretName = conventionalDecryptionSecret(flux);
    return flux.kustomizations
      .filter((k) => k.encryptedFiles.length > 0 && !k.decryption)
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
