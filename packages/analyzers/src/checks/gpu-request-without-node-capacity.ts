import type { Finding } from '@triad/core';
import { asRecord, getPath } from '../parse/k8s-object';
import { gpuRequests } from '../workloads/gpu-requests';
import { describeContainer, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';
import { containerFinding } from './container-finding';

export const GPU_REQUEST_WITHOUT_NODE_CAPACITY = 'gpu-request-without-node-capacity';

/**
 * A container asks for GPUs no node it may land on has: no node whose labels fit the pod's nodeSelector advertises
 * that many. Read from the cluster's nodes only. The repository alone cannot tell: a device plugin confined to
 * labelled nodes is no reason to pin the pod there, since the scheduler places a pod that requests an extended
 * resource only on nodes that advertise it.
 */
export const gpuRequestWithoutNodeCapacity: Check = {
  id: GPU_REQUEST_WITHOUT_NODE_CAPACITY,
  description: 'A workload requests GPUs that no node it can be scheduled on provides.',
  run(context) {
    const nodes = context.cluster?.nodes ?? [];
    if (nodes.length === 0) return [];
    const findings: Finding[] = [];
    for (const target of context.documents.flatMap(workloadContainers)) {
      if (target.source !== 'manifest' && !target.chart) continue;
      for (const request of gpuRequests(target.container)) {
        const finding = fromCluster(target, request, nodes);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

function fromCluster(
  target: WorkloadContainer,
  { resource, count }: { resource: string; count: number },
  nodes: readonly unknown[],
): Finding | undefined {
  const selector = asRecord(target.podSpec.nodeSelector) ?? {};
  const fits = (node: unknown) => {
    const labels = asRecord(getPath(node, ['metadata', 'labels'])) ?? {};
    return Object.entries(selector).every(([key, value]) => String(labels[key]) === String(value));
  };
  const allocatable = (node: unknown) => Number(getPath(node, ['status', 'allocatable', resource]) ?? 0) || 0;
  const best = nodes.reduce<{ name: string; n: number }>(
    (top, node) => {
      const n = allocatable(node);
      return n > top.n ? { name: String(getPath(node, ['metadata', 'name'])), n } : top;
    },
    { name: '', n: 0 },
  );
  if (nodes.some((node) => fits(node) && allocatable(node) >= count)) return undefined;
  const pinnedAway = best.n >= count;
  return containerFinding(GPU_REQUEST_WITHOUT_NODE_CAPACITY, target, {
    severity: 'high',
    category: 'resources',
    field: ['resources', 'limits', resource],
    detail: resource,
    message: pinnedAway
      ? `${describeContainer(target)} requests ${count} ${resource}, but its nodeSelector keeps it off ${best.name}, the node that has them: the pod stays Pending.`
      : `${describeContainer(target)} requests ${count} ${resource}, but no node advertises that many` +
        (best.n > 0 ? ` (at most ${best.n}, on ${best.name})` : ' (none at all: is the device plugin running?)') +
        ': the pod stays Pending.',
    fixable: false,
    evidence: { resource, count, mostAllocatable: best.n },
  });
}
