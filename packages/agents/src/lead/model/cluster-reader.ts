import type { ClusterKind, ObjectRef } from '@triad/tools';

/**
 * The one cluster read the Lead's tools need: the tool layer's `ClusterPort` satisfies it, Secrets as metadata only.
 * Absent: the session has no cluster.
 */
export interface ClusterReader {
  get(kind: ClusterKind, ref: ObjectRef): Promise<unknown | undefined>;
}
