import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { conditionOf, isSuspended, shortMessage } from '../cluster/conditions';
import { asRecord, displayName, getPath } from '../parse/k8s-object';
import type { Check } from './check';
import { clusterFinding, liveRef } from './cluster-finding';

export const FLUX_KUSTOMIZATION_NOT_READY = 'flux-kustomization-not-ready';
export const FLUX_HELMRELEASE_NOT_READY = 'flux-helmrelease-not-ready';
export const POD_CRASH_LOOPING = 'pod-crash-looping';
export const PVC_PENDING = 'pvc-pending';
export const NODE_NOT_READY = 'node-not-ready';

/** A Flux object whose Ready condition is False (or stuck Unknown other than while progressing), unless suspended. */
function fluxNotReady(
  id: string,
  what: string,
  pick: (c: NonNullable<AnalysisContext['cluster']>) => readonly unknown[],
): Check {
  return {
    id,
    description: `A Flux ${what} reports Ready=False in the cluster.`,
    run(context) {
      return (context.cluster ? pick(context.cluster) : []).flatMap((object) => {
        const ready = conditionOf(object, 'Ready');
        if (!ready || ready.status === 'True' || isSuspended(object)) return [];
        if (ready.status === 'Unknown' && /Progressing|Reconciliation/.test(ready.reason ?? '')) return [];
        const ref = liveRef(object, what);
        const finding = clusterFinding(id, context, object, what, {
          severity: 'high',
          category: 'stability',
          message:
            `Flux ${what} ${ref ? displayName(ref) : '?'} is not ready (${ready.reason ?? ready.status}): ` +
            `${shortMessage(ready.message) || 'no message'}. Nothing under it is updated until this is fixed.`,
          evidence: { reason: ready.reason ?? ready.status, message: shortMessage(ready.message) },
        });
        return finding ? [finding] : [];
      });
    },
  };
}

export const fluxKustomizationNotReady = fluxNotReady(
  FLUX_KUSTOMIZATION_NOT_READY,
  'Kustomization',
  (c) => c.kustomizations,
);
export const fluxHelmReleaseNotReady = fluxNotReady(FLUX_HELMRELEASE_NOT_READY, 'HelmRelease', (c) => c.helmReleases);

/** Containers in CrashLoopBackOff, or restarting after errors or OOM kills; one finding per workload and container. */
export const podCrashLooping: Check = {
  id: POD_CRASH_LOOPING,
  description: 'A container keeps crashing and restarting (CrashLoopBackOff, repeated errors or OOM kills).',
  run(context) {
    const byId = new Map<string, Finding>();
    for (const pod of context.cluster?.pods ?? []) {
      const statuses = ['initContainerStatuses', 'containerStatuses'].flatMap((field) => {
        const list = getPath(pod, ['status', field]);
        return Array.isArray(list) ? list : [];
      });
      for (const status of statuses) {
        const name = String(asRecord(status)?.name ?? '?');
        const waiting = getPath(status, ['state', 'waiting', 'reason']);
        const restarts = Number(asRecord(status)?.restartCount ?? 0);
        const last = getPath(status, ['lastState', 'terminated', 'reason']);
        if (waiting !== 'CrashLoopBackOff' && !(restarts >= 3 && (last === 'Error' || last === 'OOMKilled'))) continue;
        const podName = String(getPath(pod, ['metadata', 'name']) ?? '?');
        const finding = clusterFinding(POD_CRASH_LOOPING, context, pod, 'Pod', {
          severity: 'high',
          category: 'stability',
          detail: name,
          message:
            `Container ${name} of pod ${podName} ${waiting === 'CrashLoopBackOff' ? 'is in CrashLoopBackOff' : 'keeps failing'} ` +
            `after ${restarts} restarts${last ? ` (last exit: ${last})` : ''}` +
            (last === 'OOMKilled' ? ': raise its memory limit or find the leak.' : ': read its logs for the cause.'),
          evidence: {
            pod: podName,
            container: name,
            restarts,
            ...(typeof last === 'string' ? { lastExit: last } : {}),
          },
        });
        if (finding && !byId.has(finding.id)) byId.set(finding.id, finding);
      }
    }
    return [...byId.values()];
  },
};

/** PersistentVolumeClaims stuck in Pending: their pods cannot start. */
export const pvcPending: Check = {
  id: PVC_PENDING,
  description: 'A PersistentVolumeClaim stays Pending, so the pods that mount it cannot start.',
  run(context) {
    return (context.cluster?.persistentVolumeClaims ?? []).flatMap((pvc) => {
      if (getPath(pvc, ['status', 'phase']) !== 'Pending') return [];
      const ref = liveRef(pvc, 'PersistentVolumeClaim');
      const storageClass = getPath(pvc, ['spec', 'storageClassName']);
      const finding = clusterFinding(PVC_PENDING, context, pvc, 'PersistentVolumeClaim', {
        severity: 'high',
        category: 'stability',
        message:
          `PersistentVolumeClaim ${ref ? displayName(ref) : '?'} is Pending` +
          (typeof storageClass === 'string'
            ? ` (storage class ${storageClass})`
            : ' (no storage class: is there a default?)') +
          ': check that the class exists and its provisioner runs, or that a matching PersistentVolume is free.',
        evidence: { ...(typeof storageClass === 'string' ? { storageClass } : {}) },
      });
      return finding ? [finding] : [];
    });
  },
};

/** Nodes whose Ready condition is not True. */
export const nodeNotReady: Check = {
  id: NODE_NOT_READY,
  description: 'A node is NotReady: its pods are evicted or stuck.',
  run(context) {
    return (context.cluster?.nodes ?? []).flatMap((node) => {
      const ready = conditionOf(node, 'Ready');
      if (ready?.status === 'True') return [];
      const name = String(getPath(node, ['metadata', 'name']) ?? '?');
      const finding = clusterFinding(NODE_NOT_READY, context, node, 'Node', {
        severity: 'critical',
        category: 'stability',
        message:
          `Node ${name} is ${ready ? `NotReady (${ready.reason ?? ready.status})` : 'not reporting Ready'}: ` +
          `${shortMessage(ready?.message) || 'the kubelet stopped posting status'}. Check the machine and its kubelet.`,
        evidence: { reason: ready?.reason ?? 'Unknown' },
      });
      return finding ? [finding] : [];
    });
  },
};
