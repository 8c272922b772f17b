import type { ClusterCondition } from '@triad/core';
import type { KubeObject } from './kube-object';
import { conditions, record, text } from './object-fields';

/** Where a Flux object stands with one revision. */
export type RevisionVerdict =
  | { state: 'ready'; revision: string }
  | { state: 'failed'; revision: string; reason: string; message: string }
  | { state: 'pending'; ready?: ClusterCondition; lastAppliedRevision?: string; lastAttemptedRevision?: string };

/** The commit sha a Flux Git revision (`main@sha1:<sha>`, `main/<sha>`) ends in; undefined for other revisions. */
export function revisionSha(revision: string | undefined): string | undefined {
  return /([0-9a-f]{40})$/.exec(revision ?? '')?.[1];
}

/** `main@sha1:<sha>` (or the older `main/<sha>`) ends in the commit's sha. */
export function isRevisionOf(revision: string | undefined, sha: string): boolean {
  return revision !== undefined && sha.length >= 7 && revision.endsWith(sha);
}

/**
 * Ready: `lastAppliedRevision` ends in `sha` and Ready=True. Failed: Ready=False for an attempt at `sha` (BuildFailed,
 * HealthCheckFailed, ReconciliationFailed…). Anything else: still pending.
 */
export function revisionVerdict(object: KubeObject | undefined, sha: string): RevisionVerdict {
  const status = record(object?.status);
  const ready = conditions(status).find((condition) => condition.type === 'Ready');
  const applied = text(status.lastAppliedRevision);
  const attempted = text(status.lastAttemptedRevision);
  if (ready?.status === 'True' && isRevisionOf(applied, sha)) return { state: 'ready', revision: applied ?? sha };
  if (ready?.status === 'False' && isRevisionOf(attempted, sha)) {
    return {
      state: 'failed',
      revision: attempted ?? sha,
      reason: ready.reason ?? 'ReconciliationFailed',
      message: ready.message ?? '',
    };
  }
  return {
    state: 'pending',
    ...(ready ? { ready } : {}),
    ...(applied ? { lastAppliedRevision: applied } : {}),
    ...(attempted ? { lastAttemptedRevision: attempted } : {}),
  };
}
