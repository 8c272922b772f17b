import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import type { ClusterObjects } from '../cluster/cluster-objects';
import { dedent, fluxKustomization, repo } from '../test-support/repo';

const files = repo({
  'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
  'apps/web.yaml': dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: apps}
    spec:
      template:
        spec:
          securityContext: {runAsNonRoot: true}
          containers:
            - name: web
              image: x
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              resources: {limits: {memory: 1Gi}}
  `),
  'apps/pvc.yaml':
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: apps}\nspec: {storageClassName: fast}\n',
});

const ready = (status: string, reason: string, message = '') => ({
  conditions: [{ type: 'Ready', status, reason, message }],
});

const snapshot: ClusterObjects = {
  nodes: [
    { metadata: { name: 'k3s1' }, status: ready('True', 'KubeletReady') },
    {
      metadata: { name: 'k3s2' },
      status: ready('Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
    },
  ],
  kustomizations: [
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system' },
      status: ready('False', 'BuildFailed', 'decryption failed for secret.sops.yaml\nmore'),
    },
    {
      metadata: { name: 'paused', namespace: 'flux-system' },
      spec: { suspend: true },
      status: ready('False', 'BuildFailed'),
    },
    {
      kind: 'Kustomization',
      metadata: { name: 'busy', namespace: 'flux-system' },
      status: ready('Unknown', 'Progressing'),
    },
  ],
  helmReleases: [
    {
      kind: 'HelmRelease',
      metadata: { name: 'kps', namespace: 'monitoring' },
      status: ready('False', 'InstallFailed', 'timeout'),
    },
  ],
  pods: [1, 2].map((n) => ({
    kind: 'Pod',
    metadata: {
      name: `web-5d9f8c7b6-x${n}abc`,
      namespace: 'apps',
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9f8c7b6' }],
    },
    status: {
      containerStatuses: [
        {
          name: 'web',
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { reason: 'OOMKilled' } },
        },
      ],
    },
  })),
  persistentVolumeClaims: [
    {
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'apps' },
      spec: { storageClassName: 'fast' },
      status: { phase: 'Pending' },
    },
    { kind: 'PersistentVolumeClaim', metadata: { name: 'bound', namespace: 'apps' }, status: { phase: 'Bound' } },
  ],
};

describe('checks of cluster state', () => {
  const found = analyzeRepo(files, { cluster: snapshot });

  it('report nothing without a cluster', () => {
    expect(analyzeRepo(files)).toEqual([]);
  });

  it('report each unhealthy object once, placed on the repo object it comes from', () => {
    expect(found.map((f) => [f.id, f.file ?? null])).toEqual([
      ['node-not-ready/Node/_/k3s2', null],
      ['flux-helmrelease-not-ready/HelmRelease/monitoring/kps', null],
      ['pvc-pending/PersistentVolumeClaim/apps/data', 'apps/pvc.yaml'],
      ['pod-crash-looping/Deployment/apps/web/web', 'apps/web.yaml'],
      ['flux-kustomization-not-ready/Kustomization/flux-system/apps', 'clusters/home/apps.yaml'],
    ]);
    expect(found.every((f) => !f.fixable)).toBe(true);
  });

  it('say why, in one line', () => {
    const text = found.map((f) => f.message).join('\n');
    expect(text).toContain('(BuildFailed): decryption failed for secret.sops.yaml.');
    expect(text).toContain('last exit: OOMKilled): raise its memory limit');
    expect(text).toContain('(storage class fast)');
  });
});
