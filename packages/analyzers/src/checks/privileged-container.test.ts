import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, repo } from '../test-support/repo';
import { privilegedContainer } from './privileged-container';

function findings(yaml: string) {
  return analyzeRepo(repo({ 'w.yaml': yaml })).filter((f) => f.check === 'privileged-container');
}

const deployment = (podSpec: string) =>
  dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: media-server
      namespace: media
    spec:
      template:
        spec:
  `) + dedent(podSpec).replace(/^(?=.)/gm, '      ');

describe('privileged-container', () => {
  it('reports a privileged container at the line of privileged: true', () => {
    const [finding, ...rest] = findings(
      deployment(`
        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              privileged: true
      `),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: 'privileged-container/Deployment/media/media-server/app',
      severity: 'high',
      category: 'security',
      file: 'w.yaml',
      line: 13,
      fixable: false,
      evidence: { container: 'app', containerList: 'containers' },
    });
  });

  it('ignores privileged: false and a pod-level privileged field, which Kubernetes does not have', () => {
    expect(
      findings(
        deployment(`
          securityContext:
            privileged: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                privileged: false
        `),
      ),
    ).toEqual([]);
  });

  it('reports init containers, bare Pods and CronJobs', () => {
    const files = repo({
      'pod.yaml': dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: debug}
        spec:
          initContainers:
            - name: sysctl
              image: busybox
              securityContext: {privileged: true}
          containers:
            - name: main
              image: busybox
      `),
      'cron.yaml': dedent(`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup, namespace: ops}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: restic
                      image: restic/restic
                      securityContext:
                        privileged: true
      `),
    });
    expect(analyzeRepo(files, [privilegedContainer]).map((f) => [f.id, f.evidence?.containerList])).toEqual([
      ['privileged-container/CronJob/ops/backup/restic', 'containers'],
      ['privileged-container/Pod/_/debug/sysctl', 'initContainers'],
    ]);
  });

  it('is fixable with the Intel device when the pod is pinned to the Intel GPU label', () => {
    const [finding] = findings(
      deployment(`
        nodeSelector:
          intel.feature.node.kubernetes.io/gpu: "true"
        containers:
          - name: app
            image: ghcr.io/example/transcoder:1
            securityContext: {privileged: true}
      `),
    );
    expect(finding).toMatchObject({ fixable: true, evidence: { device: 'gpu.intel.com/i915' } });
    expect(String(finding?.evidence?.reason)).toContain('intel.feature.node.kubernetes.io/gpu');
  });

  it('is fixable with the NVIDIA device from node affinity', () => {
    const [finding] = findings(
      deployment(`
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: nvidia.com/gpu.present, operator: In, values: ["true"]}
        containers:
          - name: app
            image: ghcr.io/example/worker:1
            securityContext: {privileged: true}
      `),
    );
    expect(finding).toMatchObject({ fixable: true, evidence: { device: 'nvidia.com/gpu' } });
  });

  it('is fixable when the container mounts /dev/dri from the host', () => {
    const [finding] = findings(
      deployment(`
        containers:
          - name: app
            image: ghcr.io/example/app:1
            securityContext: {privileged: true}
            volumeMounts:
              - {name: dri, mountPath: /dev/dri}
        volumes:
          - name: dri
            hostPath: {path: /dev/dri}
      `),
    );
    expect(finding).toMatchObject({ fixable: true, evidence: { device: 'gpu.intel.com/i915' } });
  });

  it('takes a device resource already requested over a guess from the image', () => {
    const [finding] = findings(
      deployment(`
        containers:
          - name: app
            image: jellyfin/jellyfin:10.10.3
            securityContext: {privileged: true}
            resources:
              limits: {nvidia.com/gpu: 1}
      `),
    );
    expect(finding).toMatchObject({ fixable: true, evidence: { device: 'nvidia.com/gpu' } });
  });

  it('recognises GPU images: a transcoder wants the iGPU, an inference server the NVIDIA GPU', () => {
    const device = (image: string) =>
      findings(
        deployment(`
          containers:
            - name: app
              image: ${image}
              securityContext: {privileged: true}
        `),
      )[0]?.evidence?.device;
    expect(device('lscr.io/linuxserver/plex:latest')).toBe('gpu.intel.com/i915');
    expect(device('ghcr.io/blakeblackshear/frigate:0.14.1')).toBe('gpu.intel.com/i915');
    expect(device('ollama/ollama:0.4.2')).toBe('nvidia.com/gpu');
    expect(device('ghcr.io/home-assistant/home-assistant:2024.11')).toBeUndefined();
  });

  it('does not count a non-GPU /dev hostPath (a Zigbee stick) as GPU evidence', () => {
    const [finding] = findings(
      deployment(`
        containers:
          - name: z2m
            image: koenkk/zigbee2mqtt:1.40
            securityContext: {privileged: true}
            volumeMounts:
              - {name: usb, mountPath: /dev/ttyUSB0}
        volumes:
          - name: usb
            hostPath: {path: /dev/ttyUSB0}
      `),
    );
    expect(finding?.fixable).toBe(false);
  });
});
