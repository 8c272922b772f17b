import { rm } from 'node:fs/promises';
import { createBareRemote, startSimCluster } from '@triad/sim';
import { describe, expect, it } from 'vitest';
import { CLUSTER_KINDS, type ClusterKind } from './cluster-kinds';
import type { ClusterPort } from './cluster-port';
import { createKubeCluster } from './kube-cluster';

describe('the cluster port can make exactly one kind of write', () => {
  it('has get, list, watch and the reconcile request, and nothing else', async () => {
    const { dir, remote } = await createBareRemote();
    const sim = await startSimCluster({ remote, dir });
    try {
      const port = createKubeCluster({ kubeconfig: sim.kubeconfig });
      const surface: Array<keyof ClusterPort> = ['get', 'list', 'requestReconcile', 'source', 'watch'];
      expect(Object.keys(port).sort()).toEqual(surface);

      // Walk every call for every kind the port knows, then read what reached the API server.
      for (const kind of Object.keys(CLUSTER_KINDS) as ClusterKind[]) {
        const page = await port.list(kind, { limit: 1 });
        const first = page.items[0];
        if (first?.metadata?.name)
          await port.get(kind, { namespace: first.metadata.namespace, name: first.metadata.name });
        if (kind === 'Secret') {
          await expect(port.watch(kind, {}, () => {})).rejects.toMatchObject({ code: 'secret_watch_refused' });
        } else {
          (await port.watch(kind, { resourceVersion: page.resourceVersion ?? '' }, () => {})).stop();
        }
        if (CLUSTER_KINDS[kind].reconcilable && first?.metadata?.name && first.metadata.namespace) {
          await port.requestReconcile({
            kind: kind as 'Kustomization',
            namespace: first.metadata.namespace,
            name: first.metadata.name,
          });
        }
      }
      const writes = sim.requests.filter((request) => request.method !== 'GET');
      expect(writes.length).toBeGreaterThan(0);
      for (const write of writes) {
        expect(write.method).toBe('PATCH');
        expect(write.url).toMatch(/^\/apis\/(kustomize|helm|source)\.toolkit\.fluxcd\.io\//);
        expect(write.fieldManager).toBe('flux-client-side-apply');
        expect(Object.keys(write.body as object)).toEqual(['metadata']);
        expect(Object.keys((write.body as { metadata: object }).metadata)).toEqual(['annotations']);
        expect(Object.keys((write.body as { metadata: { annotations: object } }).metadata.annotations)).toEqual([
          'reconcile.fluxcd.io/requestedAt',
        ]);
      }
      const secretReads = sim.requests.filter((request) => request.kind === 'Secret');
      expect(secretReads.length).toBeGreaterThan(0);
      expect(secretReads.every((request) => request.metadataOnly && !request.servedSecretData)).toBe(true);
    } finally {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
