export { CLUSTER_KINDS, type ClusterKind, type FluxReconcilableKind, isReconcilable, kindPath } from './cluster-kinds';
export {
  type ClusterPort,
  type FluxRef,
  type ListOptions,
  type ListPage,
  type ObjectOf,
  RECONCILE_ANNOTATION,
  RECONCILE_FIELD_MANAGER,
  type ReconcileRequest,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
} from './cluster-port';
export { METADATA_ONLY } from './core-api';
export { createKubeCluster, type KubeClusterOptions } from './kube-cluster';
export { type KubeConfigSource, loadKubeConfig } from './kube-config';
export type { KubeMetadata, KubeObject, ObjectRef, SecretObject } from './kube-object';
export { DEFAULT_PAGE_SIZE, listAll } from './list-all';
export { type ClusterSummary, type PodProblemGroup, summarizeSnapshot } from './model-summary';
export { podProblem } from './pod-problem';
export { type ReconcileTargets, reconcileTargets } from './reconcile-targets';
export { type AwaitRevisionOptions, awaitRevision, revisionJudge } from './reconcile-watch';
export { renderSummary } from './render-summary';
export { isRevisionOf, type RevisionVerdict, revisionSha, revisionVerdict } from './revision-verdict';
export {
  type ClusterObjects,
  type ClusterReading,
  readCluster,
  type SnapshotOptions,
  takeSnapshot,
} from './take-snapshot';
