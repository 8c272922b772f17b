import { describe, expect, it } from 'vitest';
import { describeChanges } from './describe-changes';

const deployment = (securityContext: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: jellyfin
  namespace: media
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: busybox
        - name: jellyfin
          image: jellyfin/jellyfin:10.9
${securityContext}${extra}`;

describe('describeChanges', () => {
  it('names containers in the path of a changed field', () => {
    const items = describeChanges([
      {
        path: 'apps/jellyfin.yaml',
        before: deployment('          securityContext:\n            privileged: true\n'),
        after: deployment('          securityContext:\n            privileged: false\n'),
      },
    ]);
    expect(items).toEqual([
      {
        file: 'apps/jellyfin.yaml',
        scope: 'field',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'media',
        name: 'jellyfin',
        field: 'spec.template.spec.containers[jellyfin].securityContext.privileged',
        op: 'replace',
        before: true,
        after: false,
      },
    ]);
  });

  it('lists removed fields and added leaves of a new map', () => {
    const items = describeChanges([
      {
        path: 'apps/jellyfin.yaml',
        before: deployment('          securityContext:\n            privileged: true\n'),
        after: deployment('          resources:\n            limits:\n              gpu.intel.com/i915: 1\n'),
      },
    ]);
    expect(items.map((i) => [i.field, i.op])).toEqual([
      ['spec.template.spec.containers[jellyfin].securityContext.privileged', 'remove'],
      ['spec.template.spec.containers[jellyfin].resources.limits["gpu.intel.com/i915"]', 'add'],
    ]);
  });

  it('ignores reordering of named list items', () => {
    const before = deployment('');
    const after = before.replace(
      /( {8}- name: sidecar\n {10}image: busybox\n)( {8}- name: jellyfin\n {10}image: jellyfin\/jellyfin:10.9\n)/,
      '$2$1',
    );
    expect(after).not.toBe(before);
    expect(describeChanges([{ path: 'a.yaml', before, after }])).toEqual([]);
  });

  it('matches objects of a multi-document file by identity and reports whole objects added and removed', () => {
    const cm = (name: string, value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: app\ndata:\n  key: ${value}\n`;
    const items = describeChanges([
      {
        path: 'a.yml',
        before: `${cm('one', 'a')}---\n${cm('two', 'b')}`,
        after: `${cm('three', 'c')}---\n${cm('one', 'z')}`,
      },
    ]);
    expect(items.map((i) => [i.scope, i.name, i.field, i.op])).toEqual([
      ['object', 'two', '', 'remove'],
      ['field', 'one', 'data.key', 'replace'],
      ['object', 'three', '', 'add'],
    ]);
  });

  it('reads an apiVersion bump as a field change, not a delete and an add', () => {
    const hr = (v: string) => `apiVersion: helm.toolkit.fluxcd.io/${v}\nkind: HelmRelease\nmetadata:\n  name: x\n`;
    const items = describeChanges([{ path: 'hr.yaml', before: hr('v2beta1'), after: hr('v2') }]);
    expect(items.map((i) => [i.scope, i.field, i.op])).toEqual([['field', 'apiVersion', 'replace']]);
  });

  it('lists a created and a deleted file with their objects', () => {
    const pvc = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: media\n';
    const items = describeChanges([
      { path: 'new.yaml', before: null, after: pvc },
      { path: 'old.yaml', before: pvc, after: null },
    ]);
    expect(items.map((i) => [i.file, i.scope, i.kind, i.op])).toEqual([
      ['new.yaml', 'file', '', 'add'],
      ['new.yaml', 'object', 'PersistentVolumeClaim', 'add'],
      ['old.yaml', 'file', '', 'remove'],
      ['old.yaml', 'object', 'PersistentVolumeClaim', 'remove'],
    ]);
  });

  it('describes non-YAML files at file level', () => {
    const items = describeChanges([
      { path: 'docs/adr/0001-gpu.md', before: null, after: '# GPU' },
      { path: 'README.md', before: 'a', after: 'b' },
      { path: 'unchanged.md', before: 'a', after: 'a' },
    ]);
    expect(items).toEqual([
      { file: 'docs/adr/0001-gpu.md', scope: 'file', kind: '', name: '', field: '', op: 'add' },
      { file: 'README.md', scope: 'file', kind: '', name: '', field: '', op: 'replace' },
    ]);
  });

  it('flags YAML that does not parse, duplicate keys included', () => {
    for (const after of ['a: [\n', 'a: 1\na: 2\n']) {
      expect(describeChanges([{ path: 'x.yaml', before: 'a: 1\n', after }])).toEqual([
        { file: 'x.yaml', scope: 'file', kind: '', name: '', field: '', op: 'replace', unparsable: true },
      ]);
    }
  });

  it('names unnamed objects by position within their kind', () => {
    const k = (r: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${r}\n`;
    const [item] = describeChanges([{ path: 'kustomization.yaml', before: k('a.yaml'), after: k('b.yaml') }]);
    expect(item).toMatchObject({ kind: 'Kustomization', name: '#1', field: 'resources', op: 'replace' });
  });
});
