import type { ClusterSnapshot, FluxObjectSnapshot, NodeSnapshot } from '@triad/core';
import { podProblem } from './pod-problem';

/** One line per distinct problem: pods with the same owner and the same problem are one group. */
export interface PodProblemGroup {
  namespace: string;
  /** `Deployment/jellyfin`, or `Pod/<name>` for a pod without an owner. */
  owner: string;
  problem: string;
  /** Pods in the group. */
  count: number;
  /** Nodes they are on (or `unscheduled`). */
  nodes: string[];
  /** One pod of the group, for `kubectl describe`. */
  example: string;
}

/** A cluster snapshot cut down to what a model needs: it grows with the number of distinct problems, not of pods. */
export interface ClusterSummary {
  source: string;
  takenAt: string;
  counts: { nodes: number; pods: number; healthyPods: number; pvcs: number; secrets: number; warnings: number };
  /** Nodes that are not Ready, under pressure, cordoned, tainted or carrying GPUs; the others are only counted. */
  nodes: NodeSnapshot[];
  /** Flux objects that are not Ready or are suspended. */
  flux: FluxObjectSnapshot[];
  /** Flux objects that are Ready, by kind. */
  fluxReady: Record<string, number>;
  podProblems: PodProblemGroup[];
  /** Groups left out past `maxGroups`. */
  morePodProblems: number;
  pendingPvcs: Array<{ namespace: string; name: string; phase: string; storageClass?: string }>;
  /** Warning events grouped by object kind and reason. */
  warnings: Array<{ reason: string; kind: string; count: number; example: string }>;
}

const GPU = /(^nvidia\.com\/gpu$)|(^gpu\.intel\.com\/)|(^amd\.com\/gpu$)/;

export function summarizeSnapshot(snapshot: ClusterSnapshot, options: { maxGroups?: number } = {}): ClusterSummary {
  const maxGroups = options.maxGroups ?? 40;
  const groups = new Map<string, PodProblemGroup>();
  let healthyPods = 0;
  for (const pod of snapshot.pods) {
    const problem = podProblem(pod);
    if (!problem) {
      healthyPods++;
      continue;
    }
    const owner = pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : `Pod/${pod.name}`;
    const key = `${pod.namespace}\0${owner}\0${problem}`;
    const group = groups.get(key) ?? {
      namespace: pod.namespace,
      owner,
      problem,
      count: 0,
      nodes: [],
      example: pod.name,
    };
    group.count++;
    const node = pod.node ?? 'unscheduled';
    if (!group.nodes.includes(node) && group.nodes.length < 5) group.nodes.push(node);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || a.owner.localeCompare(b.owner));
  const fluxAll = Object.entries(snapshot.flux).flatMap(([, objects]) => objects);
  const notReady = fluxAll.filter((f) => f.suspended || f.ready?.status !== 'True');
  const fluxReady: Record<string, number> = {};
  for (const f of fluxAll) if (!notReady.includes(f)) fluxReady[f.kind] = (fluxReady[f.kind] ?? 0) + 1;
  const warningGroups = new Map<string, { reason: string; kind: string; count: number; example: string }>();
  for (const warning of snapshot.warnings) {
    const kind = warning.object.split('/')[0] ?? 'Object';
    const key = `${kind}\0${warning.reason}`;
    const group = warningGroups.get(key) ?? {
      reason: warning.reason,
      kind,
      count: 0,
      example: `${warning.object}: ${warning.message.slice(0, 200)}`,
    };
    group.count += warning.count;
    warningGroups.set(key, group);
  }
  return {
    source: snapshot.source,
    takenAt: snapshot.takenAt,
    counts: {
      nodes: snapshot.nodes.length,
      pods: snapshot.pods.length,
      healthyPods,
      pvcs: snapshot.pvcs.length,
      secrets: snapshot.secrets.length,
      warnings: snapshot.warnings.length,
    },
    nodes: snapshot.nodes.filter(
      (n) =>
        !n.ready ||
        n.pressures.length > 0 ||
        n.unschedulable ||
        n.taints.length > 0 ||
        Object.keys(n.capacity).some((resource) => GPU.test(resource)),
    ),
    flux: notReady,
    fluxReady,
    podProblems: sorted.slice(0, maxGroups),
    morePodProblems: Math.max(0, sorted.length - maxGroups),
    pendingPvcs: snapshot.pvcs
      .filter((pvc) => pvc.phase !== 'Bound')
      .map(({ namespace, name, phase, storageClass }) => ({
        namespace,
        name,
        phase,
        ...(storageClass ? { storageClass } : {}),
      })),
    warnings: [...warningGroups.values()].sort((a, b) => b.count - a.count).slice(0, 20),
  };
}
