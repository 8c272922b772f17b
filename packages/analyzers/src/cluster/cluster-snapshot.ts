/**
 * What the analyzers read of a live cluster: objects as the Kubernetes API returns them (plain JSON, any client).
 * The cluster reader fills it; the analyzers never call the API. Secret data is never part of it.
 */
export interface ClusterSnapshot {
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
export const EMPTY_SNAPSHOT: ClusterSnapshot = {
  nodes: [],
  pods: [],
  persistentVolumeClaims: [],
  kustomizations: [],
  helmReleases: [],
};
