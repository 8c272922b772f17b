import type { FluxKind, FluxObjectSnapshot } from '@triad/core';
import type { KubeObject } from './kube-object';
import { conditions, record, text } from './object-fields';

export function mapFlux(kind: FluxKind, object: KubeObject): FluxObjectSnapshot {
  const spec = record(object.spec);
  const status = record(object.status);
  const ready = conditions(status).find((condition) => condition.type === 'Ready');
  const sourceRef = record(spec.sourceRef ?? record(record(record(spec.chart).spec).sourceRef));
  const sourceKind = text(sourceRef.kind);
  const sourceName = text(sourceRef.name);
  const sourceNamespace = text(sourceRef.namespace);
  const optional = {
    lastAppliedRevision: text(status.lastAppliedRevision),
    lastAttemptedRevision: text(status.lastAttemptedRevision),
    artifactRevision: text(record(status.artifact).revision),
    path: kind === 'Kustomization' ? text(spec.path) : undefined,
    lastHandledReconcileAt: text(status.lastHandledReconcileAt),
  };
  return {
    kind,
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    suspended: spec.suspend === true,
    ...(ready ? { ready } : {}),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    ...(sourceKind && sourceName
      ? {
          sourceRef: { kind: sourceKind, name: sourceName, ...(sourceNamespace ? { namespace: sourceNamespace } : {}) },
        }
      : {}),
  };
}
