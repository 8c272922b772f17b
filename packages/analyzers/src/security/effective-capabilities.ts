/** Capabilities containerd and CRI-O give every container unless its securityContext drops them. */
export const RUNTIME_DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

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
