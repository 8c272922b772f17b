import { FLUX_SOPS_WITHOUT_DECRYPTION } from '../checks/flux-sops-without-decryption';
import { conventionalDecryption, decryptionSpec } from '../flux/decryption-convention';
import { displayName } from '../parse/k8s-object';
import { fixTarget } from './fix-target';
import type { Fixer } from './fixer';
import { setPath } from './set-path';

/** Adds `spec.decryption` (SOPS, the repo's conventional age secret) to a Flux Kustomization. */
export const fixFluxDecryption: Fixer = {
  checks: [FLUX_SOPS_WITHOUT_DECRYPTION],
  title: (group) => `Decrypt SOPS secrets in Flux Kustomization ${group[0] ? displayName(group[0].resource) : ''}`,
  fix(group, { editor, context }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first: finding, doc } = target;
    if (doc.hasIn(['spec', 'decryption'])) return { unfixable: 'spec.decryption is already set' };
    const convention = conventionalDecryption(context.flux);
    const { secretName, precedent } = convention;
    setPath(doc, ['spec', 'decryption'], doc.createNode(decryptionSpec(convention)));
    const name = displayName(finding.resource);
    const files = Array.isArray(finding.evidence?.encryptedFiles) ? finding.evidence.encryptedFiles : [];
    const how = secretName ? `provider sops and the age key in Secret ${secretName}` : 'provider sops and no secretRef';
    return {
      title: fixFluxDecryption.title(group),
      subject: `fix(flux): decrypt SOPS secrets in Kustomization ${name}`,
      body:
        `Kustomization ${name} builds SOPS-encrypted files (${files.join(', ')}) but had no spec.decryption, ` +
        `so kustomize-controller could not decrypt them and the whole Kustomization failed to apply. ` +
        `Decrypt with ${how}` +
        (precedent.length > 0
          ? `, as ${precedent.map((k) => displayName(k.ref)).join(', ')} already do${precedent.length === 1 ? 'es' : ''}.`
          : ', the usual name for the age key Secret; create it in the Kustomization namespace if it is missing.'),
      fixed: group.map((f) => f.id),
    };
  },
};
