import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { displayName, getPath } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import type { Check } from './check';

export const FLUX_PATH_MISSING = 'flux-path-missing';

/**
 * A Flux Kustomization of this repository whose `spec.path` holds no YAML file: kustomize-controller fails to build
 * it ("no such file or directory", or an empty build), so it never becomes Ready and nothing under it is applied or
 * pruned. A path Flux fills from a variable, a suspended Kustomization and one built from another source (an OCI
 * artifact CI pushes) are not judged here.
 */
export const fluxPathMissing: Check = {
  id: FLUX_PATH_MISSING,
  description: 'A Flux Kustomization points at a path of this repository that holds no manifests.',
  run({ flux, files }) {
    const dirs = new Set<string>();
    for (const file of files.keys()) {
      for (let dir = file.lastIndexOf('/'); dir > 0; dir = file.lastIndexOf('/', dir - 1)) dirs.add(file.slice(0, dir));
    }
    return flux.kustomizations.flatMap((k): Finding[] => {
      const raw = getPath(k.effective, ['spec', 'path']);
      if (!k.fromThisRepo || typeof raw !== 'string' || raw.includes('${')) return [];
      if (getPath(k.effective, ['spec', 'suspend']) === true) return [];
      if (k.sourceRef && k.sourceRef.kind !== 'GitRepository') return [];
      if (k.path === '' || dirs.has(k.path)) return [];
      return [
        {
          id: findingId(FLUX_PATH_MISSING, k.ref),
          check: FLUX_PATH_MISSING,
          severity: 'high',
          category: 'stability',
          resource: k.ref,
          file: k.document.file,
          line: lineOf(k.document, ['spec', 'path']),
          message:
            `Flux Kustomization ${displayName(k.ref)} builds ${raw}, which holds no YAML file in this repository: ` +
            'kustomize-controller cannot build it, so it never becomes Ready and nothing under it is applied. ' +
            'Point spec.path at the folder that holds its manifests, or remove the Kustomization.',
          fixable: false,
          evidence: { path: k.path },
        },
      ];
    });
  },
};
