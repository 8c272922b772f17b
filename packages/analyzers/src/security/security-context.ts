import { wholeVariable } from '../flux/substitution-variables';
import { asRecord, getPath } from '../parse/k8s-object';
import { imageFamily, imageReference } from '../workloads/image-families';
import type { WorkloadContainer } from '../workloads/workload-containers';

/** The container's own securityContext, if any. */
export function containerSecurityContext(target: WorkloadContainer): Record<string, unknown> | undefined {
  return asRecord(target.container.securityContext);
}

/**
 * A field that both the pod and the container securityContext carry (`runAsUser`, `runAsNonRoot`, `seccompProfile`…):
 * the container's value when it sets one, else the pod's, as the kubelet resolves it.
 */
export function effectiveSecurityField(target: WorkloadContainer, field: string): unknown {
  const own = containerSecurityContext(target)?.[field];
  return own !== undefined ? own : target.podSecurityContext?.[field];
}

/**
 * True when the container cannot run as root: `runAsNonRoot: true` in effect (the kubelet refuses root), a non-zero
 * `runAsUser` written as a number, or an image family that runs as a user of its own. False when it runs as root or as
 * whichever user its image sets, which Triad does not read.
 */
export function runsAsNonRoot(target: WorkloadContainer): boolean {
  if (effectiveSecurityField(target, 'runAsNonRoot') === true) return true;
  return (
    (uidWritten(effectiveSecurityField(target, 'runAsUser')) ?? 0) > 0 ||
    imageFamily(imageReference(target.container))?.rootless === true
  );
}

/**
 * A `runAsUser` as written: a number, a number in a string, or a Flux variable's default (`${APP_UID:=568}`, the
 * UID the repository gives it unless a cluster's settings say otherwise); undefined for anything else.
 */
export function uidWritten(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const fallback = wholeVariable(text)?.fallback?.trim();
  return fallback !== undefined && /^\d+$/.test(fallback) ? Number(fallback) : undefined;
}

/** Capabilities in `securityContext.capabilities.<which>`, upper-cased without the `CAP_` prefix. */
export function capabilities(target: WorkloadContainer, which: 'add' | 'drop'): string[] {
  const list = getPath(target.container, ['securityContext', 'capabilities', which]);
  return (Array.isArray(list) ? list : []).map((cap) => String(cap).toUpperCase().replace(/^CAP_/, ''));
}

/** True for a Windows pod (`spec.os.name: windows`), which the Linux-only controls of the standards do not cover. */
export function isWindowsPod(target: WorkloadContainer): boolean {
  return getPath(target.podSpec, ['os', 'name']) === 'windows';
}

/**
 * Capabilities the Baseline Pod Security Standard allows a container to add; anything else (NET_ADMIN, NET_RAW,
 * SYS_ADMIN, ALL…) is a Baseline violation.
 */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/**
 * Capabilities that amount to root on the node: reported as critical. PERFMON is not one: it opens performance
 * counters (what GPU and CPU metrics exporters add it for) and is reported as beyond Baseline, high.
 */
export const HOST_LEVEL_CAPABILITIES = new Set([
  'ALL',
  'SYS_ADMIN',
  'SYS_MODULE',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'BPF',
  'DAC_READ_SEARCH',
]);
