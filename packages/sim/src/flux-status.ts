import { createHash } from 'node:crypto';
import type { ObjectStore, SimObject } from './object-store';

type Rec = Record<string, unknown>;

/** The Ready condition and revisions Flux controllers write. */
export function setFluxStatus(
  store: ObjectStore,
  object: SimObject,
  ready: { status: 'True' | 'False'; reason: string; message: string },
  revisions: { applied?: string; attempted?: string; artifact?: string } = {},
): SimObject {
  const now = store.now();
  const previous = (object.status ?? {}) as Rec;
  const previousReady = ((previous.conditions as Rec[] | undefined) ?? []).find((c) => c.type === 'Ready');
  const changed = previousReady?.status !== ready.status || previousReady?.reason !== ready.reason;
  const requestedAt = object.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
  const status: Rec = {
    ...previous,
    observedGeneration: 1,
    conditions: [
      {
        type: 'Ready',
        status: ready.status,
        reason: ready.reason,
        message: ready.message,
        observedGeneration: 1,
        lastTransitionTime: changed ? now : (previousReady?.lastTransitionTime ?? now),
      },
    ],
    ...(revisions.applied ? { lastAppliedRevision: revisions.applied } : {}),
    ...(revisions.attempted ? { lastAttemptedRevision: revisions.attempted } : {}),
    ...(revisions.artifact
      ? {
          artifact: {
            revision: revisions.artifact,
            lastUpdateTime: now,
            digest: `sha256:${digest(revisions.artifact)}`,
          },
        }
      : {}),
    ...(requestedAt ? { lastHandledReconcileAt: requestedAt } : {}),
  };
  if (JSON.stringify(status) === JSON.stringify(object.status)) return object;
  return store.put({ ...object, status });
}

/** A Warning event as the controllers record them; repeats raise its count. */
export function warn(store: ObjectStore, involved: SimObject, reason: string, message: string, component: string) {
  const namespace = involved.metadata.namespace ?? 'default';
  const name = `${involved.metadata.name}.${digest(`${involved.kind}${reason}${message}`).slice(0, 16)}`;
  const existing = store.get('Event', namespace, name);
  const now = store.now();
  store.put({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: {
      kind: involved.kind,
      namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
    },
    reason,
    message,
    type: 'Warning',
    count: Number(existing?.count ?? 0) + 1,
    firstTimestamp: (existing?.firstTimestamp as string | undefined) ?? now,
    lastTimestamp: now,
    source: { component },
    reportingComponent: component,
  });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
