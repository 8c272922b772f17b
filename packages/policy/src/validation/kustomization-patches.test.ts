import { fluxKustomization, repo } from '@triad/analyzers/test-support';
import type { FileEdit } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { validateProposal } from './validate-proposal';

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec: {replicas: 1}\n';
const base = repo({
  'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
  'apps/kustomization.yaml': 'resources:\n  - web\n  - db\n',
  'apps/web/kustomization.yaml':
    'resources: [deployment.yaml]\npatches:\n  - path: replicas.yaml\n  - patch: "[{op: replace, path: /spec/replicas, value: 2}]"\n    target: {kind: Deployment, name: "web.*"}\n',
  'apps/web/deployment.yaml': WEB,
  'apps/web/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n',
  'apps/db/kustomization.yaml': 'resources: [statefulset.yaml]\n',
  'apps/db/statefulset.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: apps}\n',
});
const edit = (path: string, after: string | null): FileEdit => ({ path, before: base.get(path) ?? null, after });
const rules = (...edits: FileEdit[]) => validateProposal(base, edits).problems.map((p) => [p.rule, p.path]);

describe('validation builds every kustomization a change touches', () => {
  it('passes the repo as it is and a change that keeps it building', () => {
    expect(rules(edit('apps/web/deployment.yaml', WEB.replace('replicas: 1', 'replicas: 4')))).toEqual([]);
  });

  it("refuses removing an app folder's kustomization.yaml that a parent lists", () => {
    expect(rules(edit('apps/db/kustomization.yaml', null))).toEqual([
      ['kustomization-resource-missing', 'apps/kustomization.yaml'],
    ]);
  });

  it('refuses removing a patch file, and the object a patch targets', () => {
    expect(rules(edit('apps/web/replicas.yaml', null))).toEqual([
      ['kustomization-patch-missing', 'apps/web/kustomization.yaml'],
    ]);
    const renamed = WEB.replace('name: web', 'name: api');
    expect(rules(edit('apps/web/deployment.yaml', renamed))).toEqual([
      ['kustomization-patch-target-missing', 'apps/web/kustomization.yaml'],
      ['kustomization-patch-target-missing', 'apps/web/kustomization.yaml'],
    ]);
  });

  it('refuses a resources entry that no longer exists', () => {
    expect(rules(edit('apps/kustomization.yaml', 'resources:\n  - web\n  - db\n  - cache\n'))).toEqual([
      ['kustomization-resource-missing', 'apps/kustomization.yaml'],
    ]);
  });
});
