import type { ClusterCondition } from '@triad/core';

/** A value as a string-keyed record, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Timestamps arrive as strings (raw JSON, watches) or Dates (the generated client's decoding). */
export function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

/** A map of strings (labels, quantities); numbers are kept as their text. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value))) {
    if (typeof entry === 'string') out[key] = entry;
    else if (typeof entry === 'number') out[key] = String(entry);
  }
  return out;
}

export function conditions(status: unknown): ClusterCondition[] {
  return list(record(status).conditions).flatMap((raw) => {
    const c = record(raw);
    const type = text(c.type);
    const status = text(c.status);
    if (!type || (status !== 'True' && status !== 'False' && status !== 'Unknown')) return [];
    const reason = text(c.reason);
    const message = text(c.message);
    const at = isoTime(c.lastTransitionTime);
    return [
      {
        type,
        status,
        ...(reason ? { reason } : {}),
        ...(message ? { message } : {}),
        ...(at ? { lastTransitionTime: at } : {}),
      },
    ];
  });
}
