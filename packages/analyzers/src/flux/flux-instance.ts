import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { BOOTSTRAP_SOURCE, type SourceRef } from './flux-source';

/** A repository sync the Flux operator sets up: it creates the root Kustomization `flux-system` for `path`. */
export interface FluxInstanceSync {
  /** The FluxInstance, or the HelmRelease of the flux-instance chart, that declares it. */
  document: ManifestDocument;
  /** Repo-relative path the operator's root Kustomization builds. */
  path: string;
  source: SourceRef;
}

/**
 * `spec.sync` of FluxInstance objects (fluxcd.controlplane.io), and `values.instance.sync` of HelmReleases of the
 * flux-instance chart: both make the operator create a root Kustomization that builds `path` from this repository.
 */
export function fluxInstanceSyncs(documents: readonly ManifestDocument[]): FluxInstanceSync[] {
  return documents.flatMap((document): FluxInstanceSync[] => {
    const object = asRecord(document.object);
    const sync =
      object?.kind === 'FluxInstance'
        ? asRecord(getPath(object, ['spec', 'sync']))
        : object?.kind === 'HelmRelease'
          ? asRecord(getPath(object, ['spec', 'values', 'instance', 'sync']))
          : undefined;
    if (!sync || typeof sync.path !== 'string') return [];
    const kind = typeof sync.kind === 'string' ? sync.kind : BOOTSTRAP_SOURCE.kind;
    if (kind !== 'GitRepository') return [];
    const name = typeof sync.name === 'string' ? sync.name : BOOTSTRAP_SOURCE.name;
    return [{ document, path: sync.path, source: { kind, namespace: BOOTSTRAP_SOURCE.namespace, name } }];
  });
}
