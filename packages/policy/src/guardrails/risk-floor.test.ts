import type { FileEdit } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { riskFloor } from './risk-floor';

const obj = (kind: string, name: string, body = '', apiVersion = 'v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: media\n${body}`;
const edit = (before: string | null, after: string | null, path = 'apps/x.yaml'): FileEdit => ({ path, before, after });
const ks = (prune: string) =>
  obj('Kustomization', 'apps', `spec:\n  interval: 10m\n  path: ./apps\n${prune}`, 'kustomize.toolkit.fluxcd.io/v1');
const deploy = (podSpec: string) =>
  obj(
    'Deployment',
    'jellyfin',
    `spec:\n  template:\n    spec:\n${podSpec}      containers:\n        - name: app\n          image: x\n`,
    'apps/v1',
  );

describe('riskFloor', () => {
  it.each(['PersistentVolumeClaim', 'PersistentVolume', 'Namespace', 'CustomResourceDefinition'])(
    'is critical when a %s is deleted, naming it',
    (kind) => {
      const floor = riskFloor([edit(`${obj('ConfigMap', 'keep')}---\n${obj(kind, 'data')}`, obj('ConfigMap', 'keep'))]);
      expect(floor.level).toBe('critical');
      expect(floor.reasons[0]).toContain(`${kind} media/data`);
    },
  );

  it('is critical when a whole file holding a PVC is deleted', () => {
    expect(riskFloor([edit(obj('PersistentVolumeClaim', 'data'), null)]).level).toBe('critical');
  });

  it('is critical when Flux pruning is turned off or removed, not when turned on', () => {
    expect(riskFloor([edit(ks('  prune: true\n'), ks('  prune: false\n'))]).level).toBe('critical');
    expect(riskFloor([edit(ks('  prune: true\n'), ks(''))]).level).toBe('critical');
    expect(riskFloor([edit(ks(''), ks('  prune: false\n'))]).level).toBe('critical');
    expect(riskFloor([edit(ks('  prune: false\n'), ks('  prune: true\n'))]).level).toBe('low');
    expect(riskFloor([edit(ks('  prune: true\n'), null)]).level).toBe('critical');
  });

  it.each(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'])(
    'is high for RBAC: %s',
    (kind) => {
      expect(riskFloor([edit(null, obj(kind, 'x'))]).level).toBe('high');
    },
  );

  it.each(['Ingress', 'Gateway', 'HTTPRoute', 'StorageClass'])('is high for %s changes', (kind) => {
    expect(riskFloor([edit(obj(kind, 'x', 'spec:\n  a: 1\n'), obj(kind, 'x', 'spec:\n  a: 2\n'))]).level).toBe('high');
  });

  it('is high for a PVC created or resized', () => {
    const pvc = (size: string) =>
      obj('PersistentVolumeClaim', 'data', `spec:\n  resources:\n    requests:\n      storage: ${size}\n`);
    expect(riskFloor([edit(null, pvc('1Gi'))]).level).toBe('high');
    expect(riskFloor([edit(pvc('1Gi'), pvc('2Gi'))]).level).toBe('high');
  });

  it('is high when a volume moves from emptyDir to a PVC', () => {
    const vol = (source: string) => deploy(`      volumes:\n        - name: data\n${source}`);
    const floor = riskFloor([
      edit(vol('          emptyDir: {}\n'), vol('          persistentVolumeClaim:\n            claimName: data\n')),
    ]);
    expect(floor.level).toBe('high');
    expect(floor.reasons.join()).toContain('Deployment media/jellyfin');
  });

  it('is high for volumeClaimTemplates', () => {
    const sts = (size: string) =>
      obj(
        'StatefulSet',
        'db',
        `spec:\n  volumeClaimTemplates:\n    - metadata:\n        name: d\n      spec:\n        resources:\n          requests:\n            storage: ${size}\n`,
        'apps/v1',
      );
    expect(riskFloor([edit(sts('1Gi'), sts('2Gi'))]).level).toBe('high');
  });

  it.each([
    ['nodeSelector', '      nodeSelector:\n        gpu: "true"\n'],
    ['tolerations', '      tolerations:\n        - key: gpu\n          effect: NoSchedule\n'],
    ['affinity', '      affinity:\n        nodeAffinity: {}\n'],
    ['nodeName', '      nodeName: node-2\n'],
  ])('is high when placement changes: %s', (_, podSpec) => {
    expect(riskFloor([edit(deploy(''), deploy(podSpec))]).level).toBe('high');
  });

  it('is low for anything else, including docs and a securityContext change', () => {
    const sc = deploy('').replace(
      'image: x\n',
      'image: x\n          securityContext:\n            privileged: false\n',
    );
    expect(riskFloor([edit(deploy(''), sc), edit(null, '# ADR', 'docs/adr/0001.md')])).toEqual({
      level: 'low',
      reasons: [],
    });
  });
});
