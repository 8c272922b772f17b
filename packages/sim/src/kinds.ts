/** A kind the simulated API serves. */
export interface SimKind {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** Flux kinds: the only ones the API lets a client patch. */
  patchable: boolean;
}

const core = (kind: string, plural: string, namespaced = true): SimKind => ({
  kind,
  group: '',
  version: 'v1',
  plural,
  namespaced,
  patchable: false,
});
const flux = (kind: string, group: string, version: string, plural: string): SimKind => ({
  kind,
  group,
  version,
  plural,
  namespaced: true,
  patchable: true,
});

/** The API subset the simulator serves; everything else answers 404. */
export const SIM_KINDS: readonly SimKind[] = [
  core('Node', 'nodes', false),
  core('Namespace', 'namespaces', false),
  core('Pod', 'pods'),
  core('PersistentVolumeClaim', 'persistentvolumeclaims'),
  core('Event', 'events'),
  core('Secret', 'secrets'),
  core('ConfigMap', 'configmaps'),
  flux('Kustomization', 'kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations'),
  flux('HelmRelease', 'helm.toolkit.fluxcd.io', 'v2', 'helmreleases'),
  flux('GitRepository', 'source.toolkit.fluxcd.io', 'v1', 'gitrepositories'),
  flux('OCIRepository', 'source.toolkit.fluxcd.io', 'v1beta2', 'ocirepositories'),
  flux('HelmRepository', 'source.toolkit.fluxcd.io', 'v1', 'helmrepositories'),
];

export function kindNamed(kind: string): SimKind | undefined {
  return SIM_KINDS.find((k) => k.kind === kind);
}

export function apiVersionOf(kind: SimKind): string {
  return kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
}
