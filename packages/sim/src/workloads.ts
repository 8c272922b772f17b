import { createHash } from 'node:crypto';
import { imageFamily, missingCapabilities } from '@triad/analyzers';
import type { ObjectStore, SimObject } from './object-store';
import { parseQuantity } from './quantity';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
/** Extended resources the scheduler counts per node (the others the simulator does not model). */
const COUNTED = /^(nvidia\.com\/gpu|gpu\.intel\.com\/.+|amd\.com\/gpu)$/;

export function isWorkload(object: Record<string, unknown>): boolean {
  return WORKLOAD_KINDS.includes(String(object.kind));
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The pods the workloads should have now, with the status a kubelet would report: scheduled on a node whose labels
 * and extended resources (GPUs) fit, Running when every Secret and claim they need exists, else waiting
 * (`CreateContainerConfigError`) or Pending. A privileged container that needs a device runs: nothing checks it. An
 * image whose init starts as root and drops to PUID/PGID (LinuxServer.io, hotio…) crash-loops without the capabilities
 * that init uses (`IMAGE_FAMILIES` in @triad/analyzers), as on a real node.
 */
export function desiredPods(workloads: Rec[], store: ObjectStore): SimObject[] {
  const nodes = store.list('Node');
  const used = new Map<string, Map<string, number>>();
  const pods: SimObject[] = [];
  for (const workload of workloads) {
    const meta = rec(workload.metadata);
    const namespace = String(meta.namespace ?? 'default');
    const name = String(meta.name);
    const template = rec(rec(workload.spec).template);
    const podSpec = rec(template.spec);
    const hash = createHash('sha1').update(JSON.stringify(template)).digest('hex').slice(0, 10);
    const replicas = workload.kind === 'DaemonSet' ? 0 : Number(rec(workload.spec).replicas ?? 1);
    const names =
      workload.kind === 'StatefulSet'
        ? Array.from({ length: replicas }, (_, i) => `${name}-${i}`)
        : workload.kind === 'Deployment'
          ? Array.from({ length: replicas }, (_, i) => `${name}-${hash}-${suffix(`${hash}${i}`)}`)
          : nodes.map((node) => `${name}-${suffix(node.metadata.name)}`);
    const owner =
      workload.kind === 'Deployment'
        ? {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${name}-${hash}`,
            uid: uid(`${namespace}/${name}-${hash}`),
            controller: true,
          }
        : {
            apiVersion: 'apps/v1',
            kind: String(workload.kind),
            name,
            uid: uid(`${namespace}/${name}`),
            controller: true,
          };
    names.forEach((podName, index) => {
      const pinned = workload.kind === 'DaemonSet' ? nodes[index] : undefined;
      const node = pinned ?? schedule(podSpec, nodes, used);
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podName,
          namespace,
          labels: { ...(rec(template.metadata).labels as Record<string, string>), 'pod-template-hash': hash },
          ownerReferences: [owner],
        },
        spec: { ...podSpec, ...(node ? { nodeName: node.metadata.name } : {}) },
        status: podStatus(podSpec, namespace, node, store),
      });
    });
  }
  return pods;
}

function schedule(spec: Rec, nodes: SimObject[], used: Map<string, Map<string, number>>): SimObject | undefined {
  const selector = rec(spec.nodeSelector) as Record<string, string>;
  const wants = new Map<string, number>();
  for (const c of arr(spec.containers)) {
    const resources = rec(rec(c).resources);
    for (const [resource, q] of Object.entries({ ...rec(resources.requests), ...rec(resources.limits) })) {
      if (COUNTED.test(resource)) wants.set(resource, Math.max(wants.get(resource) ?? 0, parseQuantity(q as string)));
    }
  }
  const fits = nodes.find((node) => {
    const labels = node.metadata.labels ?? {};
    if (!Object.entries(selector).every(([k, v]) => labels[k] === String(v))) return false;
    const allocatable = rec(rec(node.status).allocatable);
    const taken = used.get(node.metadata.name) ?? new Map();
    return [...wants].every(([r, n]) => parseQuantity(allocatable[r] as string) - (taken.get(r) ?? 0) >= n);
  });
  if (fits) {
    const taken = used.get(fits.metadata.name) ?? new Map<string, number>();
    for (const [r, n] of wants) taken.set(r, (taken.get(r) ?? 0) + n);
    used.set(fits.metadata.name, taken);
  }
  return fits;
}

function podStatus(spec: Rec, namespace: string, node: SimObject | undefined, store: ObjectStore): Rec {
  const containers = arr(spec.containers).map(rec);
  if (!node) {
    return {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: `0/${store.list('Node').length} nodes are available: no node matches the pod's node selector and resource requests (GPUs).`,
        },
      ],
    };
  }
  const missingClaim = arr(spec.volumes)
    .map((v) => String(rec(rec(v).persistentVolumeClaim).claimName ?? ''))
    .find((claim) => claim && !store.get('PersistentVolumeClaim', namespace, claim));
  if (missingClaim) {
    return {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: `persistentvolumeclaim "${missingClaim}" not found`,
        },
      ],
    };
  }
  const missingSecret = secretNames(containers).find((secret) => !store.get('Secret', namespace, secret));
  if (!missingSecret && containers.some((c) => startFailure(c))) return crashLooping(containers, store);
  const statuses = containers.map((c) => ({
    name: String(c.name),
    image: String(c.image),
    ready: !missingSecret,
    restartCount: 0,
    started: !missingSecret,
    state: missingSecret
      ? { waiting: { reason: 'CreateContainerConfigError', message: `secret "${missingSecret}" not found` } }
      : { running: { startedAt: store.now() } },
  }));
  return {
    phase: missingSecret ? 'Pending' : 'Running',
    hostIP: '192.168.10.1',
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      {
        type: 'Ready',
        status: missingSecret ? 'False' : 'True',
        ...(missingSecret
          ? {
              reason: 'ContainersNotReady',
              message: `containers with unready status: [${statuses.map((s) => s.name).join(' ')}]`,
            }
          : {}),
      },
    ],
    containerStatuses: statuses,
  };
}

/**
 * Why a container exits as soon as it starts, if it does: an image whose init runs as root and drops to PUID/PGID
 * (LinuxServer.io, hotio…) started without the capabilities that init uses, as a kubelet would see it.
 */
function startFailure(container: Rec): string | undefined {
  const image = String(container.image ?? '');
  const family = imageFamily(image);
  if (!family || family.capabilities.length === 0) return undefined;
  const missing = missingCapabilities(family.capabilities, rec(container.securityContext));
  if (missing.length === 0) return undefined;
  return `${family.name} image ${image} exited with code 1: ${family.reason}, and it started without ${missing.join(', ')}`;
}

/** A pod whose container exits at start: Running, restarting in CrashLoopBackOff, never Ready. */
function crashLooping(containers: Rec[], store: ObjectStore): Rec {
  const statuses = containers.map((c) => {
    const failure = startFailure(c);
    return {
      name: String(c.name),
      image: String(c.image),
      ready: !failure,
      restartCount: failure ? 5 : 0,
      started: !failure,
      state: failure
        ? {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off 5m0s restarting failed container ${c.name}: ${failure}`,
            },
          }
        : { running: { startedAt: store.now() } },
      ...(failure ? { lastState: { terminated: { exitCode: 1, reason: 'Error', message: failure } } } : {}),
    };
  });
  return {
    phase: 'Running',
    hostIP: '192.168.10.1',
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${statuses
          .filter((s) => !s.ready)
          .map((s) => s.name)
          .join(' ')}]`,
      },
    ],
    containerStatuses: statuses,
  };
}

function secretNames(containers: Rec[]): string[] {
  return containers
    .flatMap((c) => [
      ...arr(c.env).map((e) => String(rec(rec(rec(e).valueFrom).secretKeyRef).name ?? '')),
      ...arr(c.envFrom).map((e) => String(rec(rec(e).secretRef).name ?? '')),
    ])
    .filter(Boolean);
}

function suffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha1').update(seed).digest();
  return Array.from({ length: 5 }, (_, i) => alphabet[(digest[i] ?? 0) % alphabet.length]).join('');
}

function uid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
