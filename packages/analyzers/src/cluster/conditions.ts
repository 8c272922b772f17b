import { asRecord, getPath } from '../parse/k8s-object';

/** One entry of `status.conditions`. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The condition of `type` in an object's `status.conditions`, if reported. */
export function conditionOf(object: unknown, type: string): Condition | undefined {
  const conditions = getPath(object, ['status', 'conditions']);
  for (const entry of Array.isArray(conditions) ? conditions : []) {
    const record = asRecord(entry);
    if (record?.type !== type) continue;
    return {
      type,
      status: String(record.status ?? 'Unknown'),
      ...(typeof record.reason === 'string' ? { reason: record.reason } : {}),
      ...(typeof record.message === 'string' ? { message: record.message } : {}),
      ...(typeof record.lastTransitionTime === 'string' ? { lastTransitionTime: record.lastTransitionTime } : {}),
    };
  }
  return undefined;
}

/** True when the object is suspended (`spec.suspend: true`): Flux does not reconcile it, so its readiness is moot. */
export function isSuspended(object: unknown): boolean {
  return getPath(object, ['spec', 'suspend']) === true;
}

/** The first line of a condition message, trimmed to a readable length. */
export function shortMessage(message: string | undefined, max = 240): string {
  const line = (message ?? '').split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
