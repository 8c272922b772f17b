import { describe, expect, it } from 'vitest';
import { applyObjects } from './apply-objects';
import { ObjectStore } from './object-store';

const apps = (spec: Record<string, unknown>) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system' },
  spec,
});

describe('applyObjects', () => {
  it('keeps a `flux suspend` when the object is applied again from Git, as server-side apply does', () => {
    const store = new ObjectStore();
    applyObjects(store, [apps({ path: './apps', prune: true })], new Map(), 'flux-system');
    store.update('Kustomization', 'flux-system', 'apps', (o) => ({
      ...o,
      spec: { ...(o.spec as object), suspend: true },
    }));
    applyObjects(store, [apps({ path: './apps', prune: false })], new Map(), 'flux-system');
    expect(store.get('Kustomization', 'flux-system', 'apps')?.spec).toEqual({
      path: './apps',
      prune: false,
      suspend: true,
    });
  });

  it('lets Git set suspend when the manifest says so', () => {
    const store = new ObjectStore();
    applyObjects(store, [apps({ path: './apps', suspend: true })], new Map(), 'flux-system');
    applyObjects(store, [apps({ path: './apps', suspend: false })], new Map(), 'flux-system');
    expect(store.get('Kustomization', 'flux-system', 'apps')?.spec).toMatchObject({ suspend: false });
  });
});
