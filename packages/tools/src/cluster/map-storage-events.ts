import type { PvcSnapshot, SecretMetadata, WarningEvent } from '@triad/core';
import type { KubeObject, SecretObject } from './kube-object';
import { isoTime, record, stringMap, text } from './object-fields';

export function mapPvc(object: KubeObject): PvcSnapshot {
  const spec = record(object.spec);
  const optional = {
    storageClass: text(spec.storageClassName),
    requested: text(record(record(spec.resources).requests).storage),
    volumeName: text(spec.volumeName),
  };
  return {
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    phase: text(record(object.status).phase) ?? 'Pending',
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/** The instant an event was last seen: `lastTimestamp`, else `eventTime`, else its creation. */
export function eventLastSeen(object: KubeObject): string | undefined {
  return (
    isoTime(object.lastTimestamp) ??
    isoTime(object.eventTime) ??
    isoTime(record(object.series).lastObservedTime) ??
    isoTime(object.metadata?.creationTimestamp)
  );
}

export function mapWarning(object: KubeObject): WarningEvent {
  const involved = record(object.involvedObject);
  return {
    namespace: object.metadata?.namespace ?? text(involved.namespace) ?? '',
    object: `${text(involved.kind) ?? 'Object'}/${text(involved.name) ?? '?'}`,
    reason: text(object.reason) ?? 'Unknown',
    message: text(object.message) ?? '',
    count: typeof object.count === 'number' && object.count > 0 ? object.count : 1,
    lastSeen: eventLastSeen(object) ?? '',
  };
}

export function mapSecret(object: SecretObject): SecretMetadata {
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    labels: stringMap(object.metadata.labels),
  };
}
