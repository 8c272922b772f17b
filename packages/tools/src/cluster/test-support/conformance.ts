import { TriadError } from '@triad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterPort, FluxRef, WatchEvent } from '../cluster-port';
import type { KubeObject } from '../kube-object';
import { listAll } from '../list-all';
import { readCluster } from '../take-snapshot';

/** A write a source saw, for checking that the reconcile request is the only one. */
export interface SeenWrite {
  method: string;
  url: string;
  fieldManager?: string;
  body?: unknown;
}

/** A cluster source under test: the port over it, and what the test needs to see from the server side. */
export interface ConformanceSource {
  port: ClusterPort;
  /** Every request that was not a GET, in order. */
  writes(): SeenWrite[];
  /** True once the server sent Secret data to the client. */
  servedSecretData(): boolean;
  /** Suspends a Flux object server-side, as `flux suspend` would. */
  suspend(ref: FluxRef): Promise<void>;
  close(): Promise<void>;
}

const APPS: FluxRef = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
const ROOT: FluxRef = { kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' };

/** The behaviour every cluster source (the simulator, recorded API responses, a real cluster) must show the reader. */
export function describeClusterConformance(name: string, setup: () => Promise<ConformanceSource>) {
  describe(`cluster port conformance: ${name}`, () => {
    let source: ConformanceSource;
    beforeAll(async () => {
      source = await setup();
    });
    afterAll(() => source?.close());

    it('reads the homelab nodes with their GPUs as allocatable resources', async () => {
      const { snapshot } = await readCluster(source.port);
      const byName = Object.fromEntries(snapshot.nodes.map((node) => [node.name, node]));
      expect(Object.keys(byName).sort()).toEqual(['k3s1', 'k3s2', 'k3s3']);
      expect(byName.k3s3?.allocatable['nvidia.com/gpu']).toBe('4');
      expect(Object.keys(byName.k3s2?.allocatable ?? {}).some((r) => r.startsWith('gpu.intel.com/'))).toBe(true);
      expect(snapshot.nodes.every((node) => node.ready && node.pressures.length === 0)).toBe(true);
    });

    it('pages through lists with limit/continue and gets the same objects as one page', async () => {
      const first = await source.port.list('Pod', { limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.continue).toBeTruthy();
      const paged = await listAll(source.port, 'Pod', { pageSize: 2 });
      const whole = await listAll(source.port, 'Pod', { pageSize: 10_000 });
      const names = (items: KubeObject[]) => items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
      expect(names(paged)).toEqual(names(whole));
      expect(new Set(names(paged)).size).toBe(paged.length);
    });

    it('gets one object, and undefined for one that does not exist', async () => {
      expect((await source.port.get('Kustomization', APPS))?.metadata?.name).toBe('apps');
      expect(await source.port.get('Kustomization', { namespace: 'flux-system', name: 'nope' })).toBeUndefined();
      expect((await source.port.get('Node', { name: 'k3s3' }))?.metadata?.name).toBe('k3s3');
    });

    it('reports the failing apps Kustomization with its reason, and the root one Ready at a Git revision', async () => {
      const { snapshot, objects } = await readCluster(source.port);
      const apps = snapshot.flux.kustomizations.find((k) => k.name === 'apps');
      expect(apps?.ready).toMatchObject({ status: 'False' });
      expect(apps?.ready?.reason).toMatch(/Failed$/);
      expect(apps?.ready?.message).toMatch(/decrypt/i);
      const root = snapshot.flux.kustomizations.find((k) => k.name === 'flux-system');
      expect(root?.ready?.status).toBe('True');
      expect(root?.lastAppliedRevision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
      expect(objects.kustomizations.map((k) => k.metadata?.name)).toContain('apps');
      expect(typeof objects.pods[0]?.metadata?.creationTimestamp).toBe('string');
    });

    it('knows Secrets by name only: no Secret data reaches the client', async () => {
      const { snapshot } = await readCluster(source.port);
      expect(snapshot.secrets.map((s) => s.name)).toContain('sops-age');
      const one = await source.port.get('Secret', { namespace: 'flux-system', name: 'sops-age' });
      expect(Object.keys(one ?? {}).sort()).toEqual(['kind', 'metadata']);
      expect(JSON.stringify(one)).not.toMatch(/AGE-SECRET-KEY/);
      expect(source.servedSecretData()).toBe(false);
    });

    it('requests a reconcile as flux does: a merge patch of one annotation, by flux-client-side-apply', async () => {
      const before = source.writes().length;
      const request = await source.port.requestReconcile(ROOT);
      const object = await source.port.get('Kustomization', ROOT);
      expect(object?.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt']).toBe(request.requestedAt);
      const writes = source.writes().slice(before);
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatchObject({
        method: 'PATCH',
        fieldManager: 'flux-client-side-apply',
        body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': request.requestedAt } } },
      });
      expect(writes[0]?.url).toMatch(
        /\/apis\/kustomize\.toolkit\.fluxcd\.io\/v1\/namespaces\/flux-system\/kustomizations\/flux-system/,
      );
    });

    it('delivers changes through a watch that starts at a resourceVersion', async () => {
      const current = await source.port.get('Kustomization', ROOT);
      const seen: Array<WatchEvent<KubeObject>> = [];
      let wanted: string | undefined;
      let notify: () => void = () => {};
      const arrived = new Promise<void>((resolve) => {
        notify = resolve;
      });
      const annotation = (event: WatchEvent<KubeObject>) =>
        event.object.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'];
      const handle = await source.port.watch(
        'Kustomization',
        {
          namespace: 'flux-system',
          fieldSelector: 'metadata.name=flux-system',
          resourceVersion: current?.metadata?.resourceVersion ?? '',
        },
        (event) => {
          seen.push(event);
          if (event.type === 'MODIFIED' && wanted && annotation(event) === wanted) notify();
        },
      );
      const request = await source.port.requestReconcile(ROOT);
      wanted = request.requestedAt;
      if (seen.some((event) => event.type === 'MODIFIED' && annotation(event) === wanted)) notify();
      await Promise.race([arrived, bounded(10_000, 'no MODIFIED event')]);
      handle.stop();
      const modified = seen.filter((e) => e.type === 'MODIFIED');
      expect(modified.map(annotation)).toContain(request.requestedAt);
      expect(seen.every((e) => e.object.metadata?.name === 'flux-system')).toBe(true);
    });

    it('refuses to reconcile a suspended object, and writes nothing', async () => {
      await source.suspend(APPS);
      const before = source.writes().length;
      const refusal = await source.port.requestReconcile(APPS).catch((error: unknown) => error);
      expect(TriadError.is(refusal, 'reconcile_suspended')).toBe(true);
      expect((refusal as Error).message).toMatch(/apps is suspended: resume it/);
      expect(source.writes().length).toBe(before);
    });
  });
}

function bounded(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms).unref());
}
