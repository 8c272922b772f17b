import { BASELINE_CAPABILITIES } from './security-context';
/**
 * Capabilities containerd and CRI-O give every container unless its securityContext drops them: what Baseline
 * allows adding, plus NET_RAW.
 */
export const RUNTIME_DEFAULT_CAPABILITIES: readonly string[] = [...BASELINE_CAPABILITIES, 'NET_RAW'].sort();

const names = (list: unknown): string[] =>
  (Array.isArray(list) ? list : []).map((cap) => String(cap).toUpperCase().replace(/^CAP_/, ''));

/**
 * The capabilities a container starts with, as the runtime computes them from its securityContext: the defaults,
 * minus `drop` (`ALL` drops every one), plus `add`. A privileged container has every capability (`'all'`).
 */
export function effectiveCapabilities(securityContext: Record<string, unknown> | undefined): Set<string> | 'all' {
  if (securityContext?.privileged === true) return 'all';
  const capabilities = securityContext?.capabilities;
  const record =
    typeof capabilities === 'object' && capabilities !== null ? (capabilities as Record<string, unknown>) : {};
  const drop = names(record.drop);
  const add = names(record.add);
  if (add.includes('ALL')) return 'all';
  const kept = drop.includes('ALL') ? [] : RUNTIME_DEFAULT_CAPABILITIES.filter((cap) => !drop.includes(cap));
  return new Set([...kept, ...add]);
}

/** Those of `needed` the container would start without. */
export function missingCapabilities(
  needed: readonly string[],
  securityContext: Record<string, unknown> | undefined,
): string[] {
  const has = effectiveCapabilities(securityContext);
  return has === 'all' ? [] : needed.filter((cap) => !has.has(cap));
}
