import type { ResourceRef } from '@triad/core';

/** `<check>/<kind>/<namespace|_>/<name>[/<detail>]`: the same problem on the same object keeps its id across runs. */
export function findingId(check: string, ref: ResourceRef, detail?: string): string {
  const base = `${check}/${ref.kind}/${ref.namespace ?? '_'}/${ref.name}`;
  return detail === undefined ? base : `${base}/${detail}`;
}
