import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKubeCluster } from './kube-cluster';
import { summarizeSnapshot } from './model-summary';
import { renderSummary } from './render-summary';
import { readCluster } from './take-snapshot';
import { describeClusterConformance } from './test-support/conformance';
import { startReplayServer } from './test-support/replay-server';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

async function replay() {
  const server = await startReplayServer(FIXTURES);
  const dir = await mkdtemp(join(tmpdir(), 'triad-replay-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'homelab', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'triad', user: { token: 'recorded' } }],
      contexts: [
        { name: 'other', context: { cluster: 'homelab', user: 'triad' } },
        { name: 'homelab', context: { cluster: 'homelab', user: 'triad' } },
      ],
      'current-context': 'other',
    }),
  );
  return { server, dir, port: createKubeCluster({ kubeconfig, context: 'homelab' }) };
}

describeClusterConformance('recorded API responses replayed on loopback', async () => {
  const { server, dir, port } = await replay();
  return {
    port,
    writes: server.writes,
    servedSecretData: server.servedSecretData,
    async suspend(ref) {
      server.suspend(`${ref.kind.toLowerCase()}s`, ref.namespace, ref.name);
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('the reader on recorded responses of a real shape', () => {
  it('maps pods, events and PVCs, and the summary names each problem once', async () => {
    const { server, dir, port } = await replay();
    try {
      expect(port.source).toBe('homelab');
      const { snapshot } = await readCluster(port, { now: new Date('2024-11-26T08:05:00Z') });
      const hass = snapshot.pods.find((p) => p.name === 'home-assistant-0');
      expect(hass).toMatchObject({ phase: 'Pending', owner: { kind: 'StatefulSet', name: 'home-assistant' } });
      expect(hass?.containers[0]).toMatchObject({
        waitingReason: 'CreateContainerConfigError',
        security: { capabilitiesAdd: ['NET_ADMIN', 'NET_RAW'] },
      });
      expect(hass?.secretRefs).toEqual(['home-assistant-secrets']);
      const jellyfin = snapshot.pods.find((p) => p.namespace === 'media');
      expect(jellyfin).toMatchObject({ owner: { kind: 'Deployment', name: 'jellyfin' }, node: 'k3s2' });
      expect(jellyfin?.containers[0]?.security).toMatchObject({ privileged: true, runAsUser: 1000 });
      // The readiness-probe warning is older than an hour: left out.
      expect(snapshot.warnings.map((w) => w.reason).sort()).toEqual(['Failed', 'ReconciliationFailed']);
      expect(snapshot.pvcs.every((pvc) => pvc.phase === 'Bound')).toBe(true);
      expect(snapshot.flux.kustomizations.find((k) => k.name === 'apps')?.lastAppliedRevision).toMatch(
        /^main@sha1:3b1e/,
      );
      const text = renderSummary(summarizeSnapshot(snapshot));
      expect(text).toContain('home StatefulSet/home-assistant x1 on k3s1: home-assistant: CreateContainerConfigError');
      expect(text).toContain('Kustomization flux-system/apps: Ready=False ReconciliationFailed');
      expect(text).not.toMatch(/RECORDEDFIXTURE|fixture-token|OPENSSH/);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
