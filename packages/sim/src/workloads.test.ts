import { describe, expect, it } from 'vitest';
import { ObjectStore, type SimObject } from './object-store';
import { HOMELAB_NODES, seedCluster } from './seed';
import { desiredPods } from './workloads';

const deployment = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'media' },
  spec: { replicas: 1, template: { metadata: { labels: { app: name } }, spec } },
});

describe('the pods the simulator runs for a workload', () => {
  const store = new ObjectStore();
  seedCluster(store, HOMELAB_NODES);
  const status = (pod: SimObject) =>
    pod.status as {
      phase: string;
      containerStatuses?: Array<{ state: Record<string, { reason?: string; message?: string }> }>;
      conditions: Array<{ reason?: string }>;
    };

  it('runs a privileged container that needs a device on the node its selector names', () => {
    const [pod] = desiredPods(
      [
        deployment('jellyfin', {
          nodeSelector: { 'intel.feature.node.kubernetes.io/gpu': 'true' },
          containers: [{ name: 'jellyfin', image: 'j', securityContext: { privileged: true } }],
        }),
      ],
      store,
    );
    expect(pod?.spec).toMatchObject({ nodeName: 'k3s2' });
    expect(status(pod!).phase).toBe('Running');
    expect(pod?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      name: expect.stringMatching(/^jellyfin-[0-9a-f]{10}$/),
    });
  });

  it('keeps a pod whose Secret does not exist in CreateContainerConfigError', () => {
    const [pod] = desiredPods(
      [
        deployment('hass', {
          containers: [
            {
              name: 'hass',
              image: 'h',
              env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'missing', key: 'p' } } }],
            },
          ],
        }),
      ],
      store,
    );
    expect(status(pod!).phase).toBe('Pending');
    expect(status(pod!).containerStatuses?.[0]?.state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'secret "missing" not found',
    });
  });

  it('places GPU requests on nodes with that many free, and leaves the rest unschedulable', () => {
    const gpu = (name: string) =>
      deployment(name, { containers: [{ name, image: 'o', resources: { limits: { 'nvidia.com/gpu': 4 } } }] });
    const [first, second] = desiredPods([gpu('ollama'), gpu('vllm')], store);
    expect(first?.spec).toMatchObject({ nodeName: 'k3s3' });
    expect(status(second!).phase).toBe('Pending');
    expect(status(second!).conditions[0]?.reason).toBe('Unschedulable');
  });
});
