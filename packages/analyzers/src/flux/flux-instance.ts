import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { parseYamlValue } from '../parse/yaml-documents';
import { BOOTSTRAP_SOURCE, type SourceRef } from './flux-source';
import type { ValuesSource } from './values-sources';

/** A repository sync the Flux operator sets up: it creates the root Kustomization `flux-system` for `path`. */
export interface FluxInstanceSync {
  /** The file that declares it: the FluxInstance's, the flux-instance HelmRelease's, or the kustomization.yaml whose
   * generator makes the chart's values. */
  file: string;
  /** The path the operator's root Kustomization builds, relative to its source's root in this repository. */
  path: string;
  source: SourceRef;
}

/** The source kinds a Flux operator sync can read this repository from: Git, or an OCI artifact CI pushed from it. */
const SYNC_KINDS = new Set(['GitRepository', 'OCIRepository']);

/**
 * `spec.sync` of FluxInstance objects (fluxcd.controlplane.io), and `values.instance.sync` of HelmReleases of the
 * flux-instance chart: both make the operator create a root Kustomization that builds `path` from this repository
 * (from Git, or from an OCI artifact of it; `path` is then relative to what CI pushed, see `sourceRoots`).
 */
export function fluxInstanceSyncs(
  documents: readonly ManifestDocument[],
  sources: readonly ValuesSource[] = [],
): FluxInstanceSync[] {
  const inline = documents.flatMap((document): FluxInstanceSync[] => {
    const object = asRecord(document.object);
    const sync =
      object?.kind === 'FluxInstance'
        ? asRecord(getPath(object, ['spec', 'sync']))
        : object?.kind === 'HelmRelease'
          ? asRecord(getPath(object, ['spec', 'values', 'instance', 'sync']))
          : undefined;
    return syncOf(document.file, sync);
  });
  // The chart's values kept in a file a generator turns into the values ConfigMap (the HelmRelease may be wrapped, in
  // a ResourceSet for one): an `instance.sync` there is the operator's sync just the same.
  const fromValues = sources.flatMap((source) =>
    [...source.data.values()].flatMap((text): FluxInstanceSync[] => {
      if (!/^\s*sync:/m.test(text)) return [];
      let values: unknown;
      try {
        values = parseYamlValue(text, { logLevel: 'silent' });
      } catch {
        return [];
      }
      return syncOf(source.file, asRecord(getPath(values, ['instance', 'sync'])));
    }),
  );
  return [...inline, ...fromValues];
}

function syncOf(file: string, sync: Record<string, unknown> | undefined): FluxInstanceSync[] {
  if (!sync || typeof sync.path !== 'string') return [];
  const kind = typeof sync.kind === 'string' ? sync.kind : BOOTSTRAP_SOURCE.kind;
  if (!SYNC_KINDS.has(kind)) return [];
  const name = typeof sync.name === 'string' ? sync.name : BOOTSTRAP_SOURCE.name;
  return [{ file, path: sync.path, source: { kind, namespace: BOOTSTRAP_SOURCE.namespace, name } }];
}
