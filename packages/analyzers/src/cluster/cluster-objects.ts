/**
 * What the analyzers read of a live cluster: objects as the Kubernetes API returns them (plain JSON, any client).
 * Not core's `ClusterSnapshot`, the typed digest of the same read that the model summary is made from.
 * The cluster reader fills it; the analyzers never call the API. Secret data is never part of it.
 */
export interface ClusterObjects {
  /** When it was read (ISO 8601); ages in messages are relative to it. */
  readAt?: string;
  /** v1 Nodes. */
  nodes: readonly unknown[];
  /** v1 Pods of every namespace. */
  pods: readonly unknown[];
  /** v1 PersistentVolumeClaims of every namespace. */
  persistentVolumeClaims: readonly unknown[];
  /** kustomize.toolkit.fluxcd.io Kustomizations. */
  kustomizations: readonly unknown[];
  /** helm.toolkit.fluxcd.io HelmReleases. */
  helmReleases: readonly unknown[];
}

/** A snapshot with nothing in it: what `analyzeRepo` assumes when no cluster is given. */
export const NO_CLUSTER_OBJECTS: ClusterObjects = {
  nodes: [],
  pods: [],
  persistentVolumeClaims: [],
  kustomizations: [],
  helmReleases: [],
};
