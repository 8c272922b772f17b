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
      conditions: Array<{ type?: string; status?: string; reason?: string }>;
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

  it('crash-loops a LinuxServer.io image that drops ALL capabilities with nothing added back, and runs it with them', () => {
    const linuxserver = (name: string, capabilities: Record<string, string[]>) =>
      deployment(name, {
        containers: [
          {
            name,
            image: 'lscr.io/linuxserver/jellyfin:10.10.3',
            env: [{ name: 'PUID', value: '1000' }],
            securityContext: { allowPrivilegeEscalation: false, capabilities },
          },
        ],
      });
    const [broken, fixed, untouched] = desiredPods(
      [
        linuxserver('broken', { drop: ['ALL'] }),
        linuxserver('fixed', { drop: ['ALL'], add: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'] }),
        linuxserver('untouched', { drop: ['NET_RAW'] }),
      ],
      store,
    );
    expect(status(broken!).phase).toBe('Running');
    expect(status(broken!).conditions[1]).toMatchObject({ type: 'Ready', status: 'False' });
    const waiting = status(broken!).containerStatuses?.[0]?.state.waiting;
    expect(waiting?.reason).toBe('CrashLoopBackOff');
    expect(waiting?.message).toContain('started without CHOWN, SETUID, SETGID, DAC_OVERRIDE, FOWNER');
    for (const pod of [fixed, untouched]) {
      expect(status(pod!).conditions[1]).toMatchObject({ type: 'Ready', status: 'True' });
      expect(status(pod!).containerStatuses?.[0]?.state.running).toBeDefined();
    }
  });

  it('runs such an image privileged, and an image of no known family with every capability dropped', () => {
    const [privileged, plain] = desiredPods(
      [
        deployment('p', {
          containers: [{ name: 'p', image: 'ghcr.io/hotio/sonarr:release', securityContext: { privileged: true } }],
        }),
        deployment('q', {
          containers: [
            { name: 'q', image: 'jellyfin/jellyfin:10.10.3', securityContext: { capabilities: { drop: ['ALL'] } } },
          ],
        }),
      ],
      store,
    );
    expect(status(privileged!).containerStatuses?.[0]?.state.running).toBeDefined();
    expect(status(plain!).containerStatuses?.[0]?.state.running).toBeDefined();
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
