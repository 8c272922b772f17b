import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { asRecord, getPath } from '../parse/k8s-object';
import { gpuPlugins, gpuRequests, pluginLabel } from '../workloads/gpu-plugins';
import { describeContainer, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';
import { containerFinding } from './container-finding';

export const GPU_REQUEST_WITHOUT_NODE_CAPACITY = 'gpu-request-without-node-capacity';

/**
 * A container asks for GPUs no node it may land on has. With a cluster: no node whose labels fit the pod's
 * nodeSelector advertises that many. From the repo alone: the GPU device plugin is confined to labelled nodes and
 * the pod names none of them, so it waits "Insufficient" wherever the plugin is not (fixable: pin it there).
 */
export const gpuRequestWithoutNodeCapacity: Check = {
  id: GPU_REQUEST_WITHOUT_NODE_CAPACITY,
  description: 'A workload requests GPUs that no node it can be scheduled on provides.',
  run(context) {
    const nodes = context.cluster?.nodes ?? [];
    const findings: Finding[] = [];
    for (const target of context.documents.flatMap(workloadContainers)) {
      if (target.source !== 'manifest' && !target.chart) continue;
      for (const request of gpuRequests(target.container)) {
        const finding = nodes.length > 0 ? fromCluster(target, request, nodes) : fromRepo(context, target, request);
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

function fromRepo(
  context: AnalysisContext,
  target: WorkloadContainer,
  { resource, count }: { resource: string; count: number },
): Finding | undefined {
  const placed =
    asRecord(target.podSpec.nodeSelector) !== undefined ||
    target.podSpec.affinity !== undefined ||
    typeof target.podSpec.nodeName === 'string';
  if (placed) return undefined;
  const plugin = gpuPlugins(context.documents).find((p) => resource.startsWith(p.resource));
  if (!plugin) return undefined;
  const labels = Object.entries(plugin.nodeSelector)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return containerFinding(GPU_REQUEST_WITHOUT_NODE_CAPACITY, target, {
    severity: 'medium',
    category: 'resources',
    field: ['resources', 'limits', resource],
    detail: resource,
    message:
      `${describeContainer(target)} requests ${count} ${resource}, which only nodes labelled ${labels} provide ` +
      `(${pluginLabel(plugin)} runs only there), but nothing pins the pod to them: pin it with a nodeSelector so it ` +
      'is placed, and waits, only where the GPUs are.',
    fixable: true,
    evidence: { resource, count, nodeSelector: plugin.nodeSelector, plugin: pluginLabel(plugin) },
  });
}
