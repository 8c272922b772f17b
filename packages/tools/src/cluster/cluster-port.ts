import type { ClusterKind, FluxReconcilableKind } from './cluster-kinds';
import type { KubeObject, ObjectRef, SecretObject } from './kube-object';

/** What `get`/`list`/`watch` return for a kind: Secrets as metadata only, everything else as the API wrote it. */
export type ObjectOf<K extends ClusterKind> = K extends 'Secret' ? SecretObject : KubeObject;

export interface ListOptions {
  /** Restricts a namespaced kind to one namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  /** e.g. `type=Warning` for events, `metadata.name=apps`. */
  fieldSelector?: string;
  /** Page size; the server may return fewer. */
  limit?: number;
  /** The `continue` token of the previous page. */
  continue?: string;
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  /** Pass it as `continue` for the next page; absent on the last page. */
  continue?: string;
  /** The list's resourceVersion: a watch from here misses nothing. */
  resourceVersion?: string;
}

export interface WatchOptions {
  namespace?: string;
  fieldSelector?: string;
  /** Deliver changes after this version (from a list or an earlier event). */
  resourceVersion?: string;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

/** A running watch; `done` settles when the server ends it or `stop` is called. */
export interface WatchHandle {
  stop(): void;
  done: Promise<void>;
}

/** A Flux object to reconcile. */
export interface FluxRef {
  kind: FluxReconcilableKind;
  namespace: string;
  name: string;
}

/** The reconcile request as it was written. */
export interface ReconcileRequest {
  ref: FluxRef;
  /** The `reconcile.fluxcd.io/requestedAt` value set. */
  requestedAt: string;
  /** resourceVersion of the object after the patch. */
  resourceVersion?: string;
}

/**
 * The cluster as Triad may touch it: reads, and exactly one write — Flux's reconcile request, the annotation
 * `flux reconcile` sets. There is no call that creates, deletes or changes anything else, and none that returns
 * Secret data.
 */
export interface ClusterPort {
  /** Kubeconfig context (or `in-cluster`) it talks to. */
  readonly source: string;
  get<K extends ClusterKind>(kind: K, ref: ObjectRef): Promise<ObjectOf<K> | undefined>;
  list<K extends ClusterKind>(kind: K, options?: ListOptions): Promise<ListPage<ObjectOf<K>>>;
  watch<K extends ClusterKind>(
    kind: K,
    options: WatchOptions,
    onEvent: (event: WatchEvent<ObjectOf<K>>) => void,
  ): Promise<WatchHandle>;
  /** Sets `reconcile.fluxcd.io/requestedAt`; refused (`reconcile_suspended`) when the object is suspended. */
  requestReconcile(ref: FluxRef): Promise<ReconcileRequest>;
}

/** The annotation `flux reconcile` sets, and the field manager it writes it as. */
export const RECONCILE_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';
export const RECONCILE_FIELD_MANAGER = 'flux-client-side-apply';
