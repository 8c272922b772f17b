/** Where a kind lives in the Kubernetes API. */
export interface KindInfo {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  /** Resource name in URLs, e.g. `kustomizations`. */
  plural: string;
  namespaced: boolean;
  /** True for the Flux kinds the one write (the reconcile request) may target. */
  reconcilable: boolean;
}

const core = (plural: string, namespaced = true): KindInfo => ({
  group: '',
  version: 'v1',
  plural,
  namespaced,
  reconcilable: false,
});
const flux = (group: string, version: string, plural: string): KindInfo => ({
  group,
  version,
  plural,
  namespaced: true,
  reconcilable: true,
});

/** Every kind the cluster port reads. Secrets are here for their metadata only: no call returns their data. */
export const CLUSTER_KINDS = {
  Node: core('nodes', false),
  Namespace: core('namespaces', false),
  Pod: core('pods'),
  PersistentVolumeClaim: core('persistentvolumeclaims'),
  Event: core('events'),
  Secret: core('secrets'),
  Kustomization: flux('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations'),
  HelmRelease: flux('helm.toolkit.fluxcd.io', 'v2', 'helmreleases'),
  GitRepository: flux('source.toolkit.fluxcd.io', 'v1', 'gitrepositories'),
  OCIRepository: flux('source.toolkit.fluxcd.io', 'v1beta2', 'ocirepositories'),
  HelmRepository: flux('source.toolkit.fluxcd.io', 'v1', 'helmrepositories'),
} as const satisfies Record<string, KindInfo>;

export type ClusterKind = keyof typeof CLUSTER_KINDS;
/** The Flux kinds a reconcile request may name. */
export type FluxReconcilableKind =
  | 'Kustomization'
  | 'HelmRelease'
  | 'GitRepository'
  | 'OCIRepository'
  | 'HelmRepository';

export function isReconcilable(kind: string): kind is FluxReconcilableKind {
  return kind in CLUSTER_KINDS && CLUSTER_KINDS[kind as ClusterKind].reconcilable;
}

/** `/api/v1/...` or `/apis/<group>/<version>/...` for a kind, optionally in a namespace and for one object. */
export function kindPath(kind: ClusterKind, namespace?: string, name?: string): string {
  const info = CLUSTER_KINDS[kind];
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const scope = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
