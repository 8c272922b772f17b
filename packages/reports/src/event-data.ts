import type { TriadEvent } from '@triad/core';

/** A finite number in an event's free-form `data`, or undefined. */
export function numberField(event: TriadEvent, key: string): number | undefined {
  const value = event.data?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A string in an event's free-form `data`, or undefined. */
export function stringField(event: TriadEvent, key: string): string | undefined {
  const value = event.data?.[key];
  return typeof value === 'string' ? value : undefined;
}
