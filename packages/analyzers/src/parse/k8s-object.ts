import type { ResourceRef } from '@triad/core';

/** A parsed value as a string-keyed record, or undefined when it is not a mapping. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value at `path` in plain parsed data. */
export function getPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = asRecord(current)?.[key];
  }
  return current;
}

const refs = new WeakMap<object, ResourceRef | undefined>();

/** The ref of a Kubernetes object, or undefined when the document is not one (no kind or name). Memoised per object. */
export function resourceRefOf(object: unknown): ResourceRef | undefined {
  const record = asRecord(object);
  if (!record) return undefined;
  if (refs.has(record)) return refs.get(record);
  const ref = refOf(record);
  refs.set(record, ref);
  return ref;
}

function refOf(record: Record<string, unknown>): ResourceRef | undefined {
  const kind = record?.kind;
  const name = getPath(record, ['metadata', 'name']);
  if (typeof kind !== 'string' || typeof name !== 'string') return undefined;
  const apiVersion = record?.apiVersion;
  const namespace = getPath(record, ['metadata', 'namespace']);
  return {
    ...(typeof apiVersion === 'string' ? { apiVersion } : {}),
    kind,
    ...(typeof namespace === 'string' ? { namespace } : {}),
    name,
  };
}

/** `namespace/name`, or the bare name of a cluster-scoped object. */
export function displayName(ref: ResourceRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}
