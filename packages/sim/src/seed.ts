import type { ObjectStore, SimObject } from './object-store';

/** A node of the simulated homelab. */
export interface SimNodeSpec {
  name: string;
  labels: Record<string, string>;
  cpu: string;
  memory: string;
  /** Extended resources, e.g. `nvidia.com/gpu: '4'`. */
  extended?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
}

/** examples/homelab's three nodes: k3s1 (control plane), k3s2 (Intel QuickSync), k3s3 (4× Tesla T4). */
export const HOMELAB_NODES: readonly SimNodeSpec[] = [
  {
    name: 'k3s1',
    labels: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' },
    cpu: '4',
    memory: '16Gi',
  },
  {
    name: 'k3s2',
    labels: { 'intel.feature.node.kubernetes.io/gpu': 'true' },
    cpu: '8',
    memory: '32Gi',
    extended: { 'gpu.intel.com/i915': '3', 'gpu.intel.com/millicores': '3000' },
  },
  {
    name: 'k3s3',
    labels: { 'nvidia.com/gpu.present': 'true', 'nvidia.com/gpu.product': 'Tesla-T4' },
    cpu: '16',
    memory: '128Gi',
    extended: { 'nvidia.com/gpu': '4' },
  },
];

export function nodeObject(spec: SimNodeSpec, now: string): SimObject {
  const resources = { cpu: spec.cpu, memory: spec.memory, pods: '110', 'ephemeral-storage': '480Gi', ...spec.extended };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'k3s',
        ...spec.labels,
      },
    },
    spec: {
      podCIDR: '10.42.0.0/24',
      providerID: `k3s://${spec.name}`,
      ...(spec.taints ? { taints: spec.taints } : {}),
    },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.2+k3s1',
        containerRuntimeVersion: 'containerd://1.7.22-k3s1',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
      },
    },
  };
}

const deployment = (namespace: string, name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { app: name } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name,
            image,
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    },
  },
});

/** What k3s and `flux bootstrap` run before the GitOps repo is reconciled: not in Git, so seeded. */
export const SYSTEM_WORKLOADS: ReadonlyArray<Record<string, unknown>> = [
  deployment('kube-system', 'coredns', 'rancher/mirrored-coredns-coredns:1.11.3'),
  deployment('kube-system', 'local-path-provisioner', 'rancher/local-path-provisioner:v0.0.30'),
  deployment('kube-system', 'metrics-server', 'rancher/mirrored-metrics-server:v0.7.2'),
  deployment('flux-system', 'source-controller', 'ghcr.io/fluxcd/source-controller:v1.4.1'),
  deployment('flux-system', 'kustomize-controller', 'ghcr.io/fluxcd/kustomize-controller:v1.4.0'),
  deployment('flux-system', 'helm-controller', 'ghcr.io/fluxcd/helm-controller:v1.1.0'),
  deployment('flux-system', 'notification-controller', 'ghcr.io/fluxcd/notification-controller:v1.4.0'),
];

/** Nodes, system namespaces and the Secrets made by hand (the SOPS age key, the Git deploy key). */
export function seedCluster(store: ObjectStore, nodes: readonly SimNodeSpec[] = HOMELAB_NODES): void {
  for (const node of nodes) store.put(nodeObject(node, store.now()));
  for (const name of ['default', 'kube-system', 'flux-system']) {
    store.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  const secret = (name: string, data: Record<string, string>) =>
    store.put({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name, namespace: 'flux-system' },
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    });
  // Stand-ins for key material: the simulator holds them so tests can prove the reader never receives them.
  secret('sops-age', { 'age.agekey': 'AGE-SECRET-KEY-1SIMULATORONLYNOTAREALKEY0000000000000000000000000000000' });
  secret('flux-system', {
    identity: 'simulator-deploy-key',
    'identity.pub': 'ssh-ed25519 AAAA sim',
    known_hosts: 'github.com ssh-ed25519 AAAA',
  });
}
