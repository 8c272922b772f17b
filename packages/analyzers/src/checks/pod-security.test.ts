// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of some tests
import type { Finding } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, fluxKustomization, repo } from '../test-support/repo';

/** Findings of `check` for one manifest. */
function run(check: string, yaml: string): Finding[] {
  return analyzeRepo(repo({ 'w.yaml': yaml })).filter((f) => f.check === check);
}

/** A Deployment `app` in `ns` with the given pod spec (indented for `spec.template.spec`). */
const deployment = (podSpec: string) =>
  dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: app, namespace: ns}
    spec:
      template:
        spec:
  `) + dedent(podSpec).replace(/^(?=.)/gm, '      ');

/** A container fully compliant with the Restricted standard. */
const restricted = `
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: c
      image: nginx
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
`;

describe('Restricted-compliant pods', () => {
  it('raise no finding at all', () => {
    expect(analyzeRepo(repo({ 'w.yaml': deployment(restricted) }))).toEqual([]);
  });
});

describe('privilege-escalation-allowed', () => {
  it('reports unset (low) and true (medium), on init containers too, and passes false', () => {
    const found = run(
      'privilege-escalation-allowed',
      deployment(`
        initContainers:
          - {name: init, image: busybox}
        containers:
          - {name: a, image: x, securityContext: {allowPrivilegeEscalation: true}}
          - {name: b, image: x, securityContext: {allowPrivilegeEscalation: false}}
      `),
    );
    // A written true is its owner's choice: reported, and left to them.
    expect(found.map((f) => [f.id, f.severity, f.fixable])).toEqual([
      ['privilege-escalation-allowed/Deployment/ns/app/a', 'medium', false],
      ['privilege-escalation-allowed/Deployment/ns/app/init', 'low', true],
    ]);
    expect(found[0]?.message).toContain('Triad leaves this one to a person: true is written out');
  });

  it('reads "true" written as text in a chart\'s values as the true the chart renders', () => {
    const release = (value: string) =>
      repo({
        'hr.yaml': dedent(`
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: board, namespace: apps}
          spec:
            chart: {spec: {chart: board, sourceRef: {kind: HelmRepository, name: example}}}
            values:
              app:
                securityContext: {allowPrivilegeEscalation: ${value}, runAsNonRoot: true}
        `),
      });
    const found = (value: string) =>
      analyzeRepo(release(value))
        .filter((f) => f.check === 'privilege-escalation-allowed')
        .map((f) => f.severity);
    expect(found('"true"')).toEqual(['medium']);
    expect(found('true')).toEqual(['medium']);
    expect(found('"false"')).toEqual([]);
  });

  it("leaves alone what an object merged into the live one leaves out (ssa: merge over a distribution's CoreDNS)", () => {
    const dns = (annotation: string) =>
      repo({
        'dns.yaml': dedent(`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: coredns
            namespace: kube-system
            annotations: {${annotation}}
          spec:
            template:
              spec:
                containers:
                  - name: coredns
                    volumeMounts: [{name: custom, mountPath: /etc/coredns/custom}]
        `),
      });
    const found = (annotation: string) =>
      analyzeRepo(dns(annotation))
        .filter((f) =>
          ['privilege-escalation-allowed', 'capabilities-not-dropped', 'missing-resource-limits'].includes(f.check),
        )
        .map((f) => f.check);
    expect(found('kustomize.toolkit.fluxcd.io/ssa: merge')).toEqual([]);
    expect(found('example.org/owner: dns').length).toBeGreaterThan(0);
  });

  it('ignores the pod-level securityContext, which has no such field', () => {
    const found = run(
      'privilege-escalation-allowed',
      deployment(`
        securityContext: {allowPrivilegeEscalation: false}
        containers: [{name: a, image: x}]
      `),
    );
    expect(found).toHaveLength(1);
  });

  it('leaves privileged containers to privileged-container', () => {
    const found = run(
      'privilege-escalation-allowed',
      deployment(`containers: [{name: a, image: x, securityContext: {privileged: true}}]`),
    );
    expect(found).toEqual([]);
  });
});

describe('capabilities-not-dropped and dangerous-capabilities', () => {
  const yaml = deployment(`
    containers:
      - name: ping
        image: x
        securityContext: {capabilities: {add: [NET_RAW, CHOWN]}}
      - name: admin
        image: x
        securityContext: {capabilities: {drop: [ALL], add: [CAP_SYS_ADMIN]}}
      - name: web
        image: x
        securityContext: {capabilities: {drop: [all], add: [NET_BIND_SERVICE]}}
  `);

  it('requires ALL in drop, case-insensitively, and names what is added on top', () => {
    const found = run('capabilities-not-dropped', yaml);
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ['capabilities-not-dropped/Deployment/ns/app/ping', 'medium'],
    ]);
    expect(found[0]?.evidence?.added).toEqual(['NET_RAW', 'CHOWN']);
  });

  it('allows what Baseline allows (CHOWN, NET_BIND_SERVICE) and ranks SYS_ADMIN critical', () => {
    const found = run('dangerous-capabilities', yaml);
    expect(found.map((f) => [f.id, f.severity, f.evidence?.capabilities])).toEqual([
      ['dangerous-capabilities/Deployment/ns/app/admin', 'critical', ['SYS_ADMIN']],
      ['dangerous-capabilities/Deployment/ns/app/ping', 'high', ['NET_RAW']],
    ]);
  });

  it('ranks PERFMON, which a GPU metrics exporter adds to read its counters, high without calling it root on the node', () => {
    const exporter = deployment(`
      containers:
        - name: gpu-metrics
          image: x
          securityContext: {capabilities: {drop: [ALL], add: [PERFMON]}}
    `);
    const [found] = run('dangerous-capabilities', exporter);
    expect(found?.severity).toBe('high');
    expect(found?.message).toContain('adds PERFMON, beyond what the Baseline Pod Security Standard allows.');
    expect(found?.message).not.toContain('root on the node');
  });
});

describe('run-as-root-allowed', () => {
  it('reads a UID that Flux substitutes: the Kustomization inline value, else the default, else some UID set at deploy time', () => {
    const app = (name: string, uid: string) =>
      deployment(`
        securityContext:
          runAsUser: ${uid}
          seccompProfile: {type: RuntimeDefault}
        containers:
          - name: c
            image: x
            securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
      `).replace('name: app', `name: ${name}`);
    const files = repo({
      'clusters/lab/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
      'clusters/lab/apps.yaml': fluxKustomization(
        'apps',
        './apps',
        'postBuild:\n  substitute: {APP_UID: "1001", ROOT_UID: "0"}\n',
      ),
      'apps/kustomization.yaml': 'resources: [inline.yaml, defaulted.yaml, elsewhere.yaml, root.yaml]\n',
      'apps/inline.yaml': app('inline', '${APP_UID}'),
      'apps/defaulted.yaml': app('defaulted', '${OTHER_UID:=568}'),
      'apps/elsewhere.yaml': app('elsewhere', '${SECRET_UID}'),
      'apps/root.yaml': app('root', '${ROOT_UID}'),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'run-as-root-allowed');
    expect(found.map((f) => [f.resource.name, f.severity, f.evidence?.runAsUser])).toEqual([
      ['root', 'high', 0],
      ['defaulted', 'low', 568],
      ['elsewhere', 'low', '${SECRET_UID}'],
      ['inline', 'low', 1001],
    ]);
    const elsewhere = found.find((f) => f.resource.name === 'elsewhere');
    expect(elsewhere?.message).toContain(
      'runs as ${SECRET_UID} (a UID set at deploy time) but does not set runAsNonRoot',
    );
    expect(elsewhere?.fixable).toBe(false);
  });

  it('leaves a pod in a user namespace of its own (hostUsers: false) alone: its root is not the node’s', () => {
    const pod = `
      containers: [{name: c, image: x, securityContext: {runAsUser: 0}}]
    `;
    expect(run('run-as-root-allowed', deployment(`hostUsers: false\n${pod}`))).toEqual([]);
    expect(run('run-as-root-allowed', deployment(pod))).toHaveLength(1);
  });

  it('does not take a DNS server for an image whose init starts as root: CoreDNS runs as nonroot on its own', () => {
    const found = run('run-as-root-allowed', deployment('containers: [{name: dns, image: coredns/coredns:1.13.2}]'));
    expect(found.map((f) => f.severity)).toEqual(['low']);
    expect(found[0]?.message).not.toContain('start their init as root');
  });

  it('takes runAsNonRoot: false beside a non-zero UID for what it is: it runs as that UID, nothing stops an override', () => {
    const found = run(
      'run-as-root-allowed',
      deployment(`
        securityContext: {runAsUser: 33, runAsNonRoot: false}
        containers: [{name: c, image: x}]
      `),
    );
    expect(found.map((f) => [f.severity, f.message])).toEqual([
      [
        'low',
        'Container c of Deployment ns/app runs as UID 33 but sets runAsNonRoot: false, so nothing stops an override to root: set it to true (Restricted Pod Security Standard).',
      ],
    ]);
  });

  it('a container inherits runAsNonRoot from the pod, and its own value wins', () => {
    const found = run(
      'run-as-root-allowed',
      deployment(`
        securityContext: {runAsNonRoot: true}
        containers:
          - {name: inherits, image: x}
          - {name: overrides, image: x, securityContext: {runAsNonRoot: false}}
      `),
    );
    expect(found.map((f) => [f.id, f.severity, f.fixable])).toEqual([
      ['run-as-root-allowed/Deployment/ns/app/overrides', 'medium', false],
    ]);
  });

  it('runAsUser: 0 with runAsNonRoot: true is reported as the contradiction the kubelet refuses', () => {
    const [found] = run(
      'run-as-root-allowed',
      deployment(`
        securityContext: {runAsNonRoot: true}
        containers: [{name: c, image: x, securityContext: {runAsUser: 0}}]
      `),
    );
    expect(found).toMatchObject({ severity: 'high', fixable: false });
    expect(found?.message).toContain('refuses to start');
  });

  it('a non-zero runAsUser without runAsNonRoot is low and fixable at the level that sets it; nothing set is low too: the image decides its user', () => {
    const found = run(
      'run-as-root-allowed',
      deployment(`
        securityContext: {runAsUser: 1000}
        initContainers: [{name: init, image: x}]
        containers: [{name: own, image: x, securityContext: {runAsUser: 2000}}]
      `),
    );
    expect(found.map((f) => [f.evidence?.container, f.severity, f.evidence?.level])).toEqual([
      ['init', 'low', 'pod'],
      ['own', 'low', 'container'],
    ]);
    const unset = run('run-as-root-allowed', deployment(`containers: [{name: c, image: x}]`));
    expect(unset.map((f) => [f.severity, f.fixable])).toEqual([['low', false]]);
  });

  it('skips Windows pods', () => {
    expect(run('run-as-root-allowed', deployment(`os: {name: windows}\ncontainers: [{name: c, image: x}]`))).toEqual(
      [],
    );
  });
});

describe('host-path-volume in chart values that pair each volume with its mount', () => {
  it('reads the mount beside the volume: read-only is less than a writable mount', () => {
    const release = (readOnly: boolean) =>
      repo({
        'csi.yaml': dedent(`
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: storage-driver, namespace: storage}
          spec:
            chart: {spec: {chart: storage-driver, sourceRef: {kind: HelmRepository, name: someone}}}
            values:
              nodePlugin:
                volumes:
                  - volume: {name: modules, hostPath: {path: /lib/modules}}
                    mount: {name: modules, mountPath: /lib/modules, readOnly: ${readOnly}}
        `),
      });
    const severity = (readOnly: boolean) =>
      analyzeRepo(release(readOnly))
        .filter((f) => f.check === 'host-path-volume')
        .map((f) => f.severity);
    expect(severity(true)).toEqual(['medium']);
    expect(severity(false)).toEqual(['high']);
  });
});

describe('host-path-volume in chart values that keep volumes and their mounts in two lists', () => {
  /** A log collector's release: each `<prefix>Volumes` entry is mounted by the `<prefix>VolumeMounts` entry of its name. */
  const collector = (values: string) =>
    repo({
      'collector.yaml':
        dedent(`
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: log-gatherer, namespace: observability}
          spec:
            chart: {spec: {chart: log-gatherer, sourceRef: {kind: HelmRepository, name: vendor}}}
            values:
        `) + dedent(values).replace(/^(?=.)/gm, '    '),
    });
  const found = (values: string) =>
    analyzeRepo(collector(values))
      .filter((f) => f.check === 'host-path-volume')
      .map((f) => [f.evidence?.volume, f.severity, f.evidence?.readOnly]);

  it('reads the mount of the same name in the sibling list: read-only paths are medium', () => {
    expect(
      found(`
        baseVolumes:
          - {name: runtime-logs, hostPath: {path: /srv/runtime/logs}}
          - {name: pod-logs, hostPath: {path: /var/log/pods}}
        baseVolumeMounts:
          - {name: pod-logs, mountPath: /var/log/pods, readOnly: true}
          - {name: runtime-logs, mountPath: /srv/runtime/logs, readOnly: true}
        addedVolumes:
          - {name: journal, hostPath: {path: /var/log/journal}}
        addedVolumeMounts:
          - {name: journal, mountPath: /var/log/journal, readOnly: true}
      `),
    ).toEqual([
      ['runtime-logs', 'medium', true],
      ['pod-logs', 'medium', true],
      ['journal', 'medium', true],
    ]);
  });

  it('still reports a writable mount, or a volume no mount of its list names, at high', () => {
    expect(
      found(`
        volumes:
          - {name: spool, hostPath: {path: /srv/spool}}
          - {name: unmounted, hostPath: {path: /srv/elsewhere}}
        volumeMounts:
          - {name: spool, mountPath: /spool}
          - {name: other, mountPath: /srv/elsewhere, readOnly: true}
      `),
    ).toEqual([
      ['spool', 'high', false],
      ['unmounted', 'high', false],
    ]);
  });
});

describe('host-path-volume and host-namespace', () => {
  it('reports each hostPath volume, node-takeover paths as critical', () => {
    const found = run(
      'host-path-volume',
      deployment(`
        containers: [{name: c, image: x}]
        volumes:
          - {name: sock, hostPath: {path: /var/run/docker.sock}}
          - {name: zigbee, hostPath: {path: /dev/ttyUSB0}}
          - {name: data, persistentVolumeClaim: {claimName: d}}
      `),
    );
    expect(found.map((f) => [f.evidence?.volume, f.severity])).toEqual([
      ['sock', 'critical'],
      ['zigbee', 'high'],
    ]);
  });

  it('takes a read-only /proc or /sys as high, but never a read-only runtime socket (it connects regardless)', () => {
    // A node metrics agent of our own making: /proc read-only, /sys writable by one of its two containers.
    const found = run(
      'host-path-volume',
      deployment(`
        containers:
          - name: agent
            image: x
            volumeMounts:
              - {name: proc, mountPath: /host/proc, readOnly: true}
              - {name: sys, mountPath: /host/sys, readOnly: true}
              - {name: sock, mountPath: /run/docker.sock, readOnly: true}
          - name: tuner
            image: y
            volumeMounts: [{name: sys, mountPath: /host/sys}]
        volumes:
          - {name: proc, hostPath: {path: /proc}}
          - {name: sys, hostPath: {path: /sys}}
          - {name: sock, hostPath: {path: /run/docker.sock}}
      `),
    );
    const bySeverity = Object.fromEntries(found.map((f) => [f.evidence?.volume, f.severity]));
    expect(bySeverity).toEqual({ proc: 'high', sys: 'critical', sock: 'critical' });
    const proc = found.find((f) => f.evidence?.volume === 'proc');
    expect(proc?.message).toContain('read-only');
    expect(proc?.message).not.toContain('hands over');
  });

  it('takes any other directory mounted read-only everywhere as medium, and says it cannot be changed', () => {
    // The node's CA bundle for an upgrade controller, read-only in both places it is mounted; a data directory beside it.
    const found = run(
      'host-path-volume',
      deployment(`
        containers:
          - name: upgrader
            image: x
            volumeMounts:
              - {name: certs, mountPath: /etc/ssl, readOnly: true}
              - {name: data, mountPath: /data}
          - name: helper
            image: y
            volumeMounts: [{name: certs, mountPath: /etc/ssl, readOnly: true}]
        volumes:
          - {name: certs, hostPath: {path: /etc/ssl}}
          - {name: data, hostPath: {path: /srv/data}}
          - {name: usb, hostPath: {path: /dev/bus/usb}}
      `),
    );
    const by = Object.fromEntries(found.map((f) => [f.evidence?.volume, f]));
    expect(Object.fromEntries(found.map((f) => [f.evidence?.volume, f.severity]))).toEqual({
      certs: 'medium',
      data: 'high',
      usb: 'high',
    });
    expect(by.certs?.message).toContain('read-only');
    expect(by.certs?.message).not.toContain('or change');
    expect(by.data?.message).toContain('can read or change it');
    // Device advice for devices only.
    expect(by.usb?.message).toContain('device plugin for devices');
    expect(by.data?.message).not.toContain('device plugin');
  });

  it('says when the workload is scaled to 0 replicas, in a manifest and in app-template values', () => {
    const note = '(Its workload is scaled to 0 replicas: nothing runs it until it is scaled up.)';
    const privileged = 'containers: [{name: c, image: x, securityContext: {privileged: true}}]';
    const scaled = deployment(privileged).replace('spec:\n  template:', 'spec:\n  replicas: 0\n  template:');
    expect(run('privileged-container', scaled)[0]?.message).toContain(note);
    expect(run('privileged-container', deployment(privileged))[0]?.message).not.toContain(note);
    const release = (replicas: number) =>
      dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: llm, namespace: ai}
        spec:
          chart: {spec: {chart: app-template, version: 3.5.1, sourceRef: {kind: HelmRepository, name: bjw-s}}}
          values:
            controllers:
              llm:
                replicas: ${replicas}
                containers:
                  app: {image: {repository: example/llm, tag: "1"}, securityContext: {privileged: true}}
      `);
    expect(run('privileged-container', release(0))[0]?.message).toContain(note);
    expect(run('privileged-container', release(1))[0]?.message).not.toContain(note);
  });

  it('tells node software it mounts the host by design, and others what to use instead', () => {
    const advice = (volumes: string) =>
      Object.fromEntries(
        run('host-path-volume', deployment(`containers: [{name: c, image: x}]\nvolumes:\n${volumes}`)).map((f) => [
          f.evidence?.volume,
          f.message.replace(/^.*?: [^.]*\. /, ''),
        ]),
      );
    // A device plugin: the kubelet's socket directory and the devices it hands out.
    expect(
      advice(
        '  - {name: sock, hostPath: {path: /var/lib/kubelet/device-plugins}}\n  - {name: dri, hostPath: {path: /dev/dri}}',
      ),
    ).toEqual({
      sock: expect.stringMatching(/^A device plugin mounts its devices and the kubelet’s socket by design/),
      dri: expect.stringMatching(/^A device plugin mounts its devices and the kubelet’s socket by design/),
    });
    // A CSI node plugin: the kubelet's plugin directories and the node's devices.
    expect(
      advice(
        '  - {name: reg, hostPath: {path: /var/lib/kubelet/plugins_registry}}\n  - {name: dev, hostPath: {path: /dev}}',
      ),
    ).toEqual({
      reg: expect.stringMatching(/^A CSI node plugin mounts/),
      dev: expect.stringMatching(/^A CSI node plugin mounts/),
    });
    // A log collector, and a device a workload reads with no plugin.
    expect(
      advice('  - {name: logs, hostPath: {path: /var/log}}\n  - {name: usb, hostPath: {path: /dev/bus/usb}}'),
    ).toEqual({
      logs: expect.stringMatching(/^A log collector only reads these: mount them read-only/),
      usb: expect.stringMatching(/^Use a device plugin for devices instead/),
    });
    expect(advice('  - {name: plugins, hostPath: {path: /var/lib/kubelet/device-plugins}}')).toEqual({
      plugins: expect.stringMatching(/^A device plugin mounts/),
    });
    // The node's shared memory is no device.
    expect(advice('  - {name: shm, hostPath: {path: /dev/shm}}')).toEqual({
      shm: expect.stringMatching(/^For shared memory, mount an emptyDir with medium: Memory at \/dev\/shm instead/),
    });
  });

  it('reports hostNetwork, hostPID and hostIPC separately, and passes false', () => {
    const found = run(
      'host-namespace',
      deployment(`
        hostNetwork: true
        hostPID: true
        hostIPC: false
        containers: [{name: c, image: x}]
      `),
    );
    expect(found.map((f) => f.id)).toEqual([
      'host-namespace/Deployment/ns/app/network',
      'host-namespace/Deployment/ns/app/pid',
    ]);
  });
});

describe('HelmRelease values', () => {
  const helmRelease = (values: string) =>
    dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: rel, namespace: ns}
      spec:
        values:
    `) + dedent(values).replace(/^(?=.)/gm, '    ');

  it('are judged on what they set: privileged, escalation, root, host namespaces and paths (app-template style)', () => {
    const yaml = helmRelease(`
      controllers:
        main:
          pod: {hostNetwork: true}
          containers:
            app:
              image: {repository: x}
              securityContext: {privileged: true, runAsUser: 0}
            sidecar:
              image: {repository: y}
              securityContext: {allowPrivilegeEscalation: true}
      persistence:
        media: {type: hostPath, hostPath: /mnt/media}
    `);
    const ids = analyzeRepo(repo({ 'hr.yaml': yaml })).map((f) => [f.id, f.fixable]);
    expect(ids).toEqual(
      expect.arrayContaining([
        ['privileged-container/HelmRelease/ns/rel/app', false],
        ['run-as-root-allowed/HelmRelease/ns/rel/app', false],
        ['privilege-escalation-allowed/HelmRelease/ns/rel/sidecar', false],
        ['host-namespace/HelmRelease/ns/rel/network', false],
        ['host-path-volume/HelmRelease/ns/rel/media', false],
      ]),
    );
    expect(ids).toHaveLength(5);
  });

  it("take app-template's read-only /proc mount as high, and its default mount (writable) as critical", () => {
    const yaml = helmRelease(`
      controllers: {main: {containers: {app: {image: {repository: x}}}}}
      persistence:
        procfs: {type: hostPath, hostPath: /proc, globalMounts: [{path: /host/proc, readOnly: true}]}
        sysfs: {type: hostPath, hostPath: /sys}
    `);
    const found = analyzeRepo(repo({ 'hr.yaml': yaml })).filter((f) => f.check === 'host-path-volume');
    expect(Object.fromEntries(found.map((f) => [f.evidence?.volume, f.severity]))).toEqual({
      procfs: 'high',
      sysfs: 'critical',
    });
  });

  it('tell apart one volume name that a chart lists twice, and read the singular Volume/VolumeMount lists (rook)', () => {
    const yaml = helmRelease(`
      csi:
        csiRBDPluginVolume: [{name: host-store, hostPath: {path: /nix}}]
        csiRBDPluginVolumeMount: [{name: host-store, mountPath: /nix, readOnly: true}]
        csiCephFSPluginVolume: [{name: host-store, hostPath: {path: /nix}}]
        csiCephFSPluginVolumeMount: [{name: host-store, mountPath: /nix, readOnly: true}]
    `);
    const found = analyzeRepo(repo({ 'hr.yaml': yaml })).filter((f) => f.check === 'host-path-volume');
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ['host-path-volume/HelmRelease/ns/rel/host-store/spec.values.csi.csiRBDPluginVolume', 'medium'],
      ['host-path-volume/HelmRelease/ns/rel/host-store/spec.values.csi.csiCephFSPluginVolume', 'medium'],
    ]);
  });

  it("read a volume's mounts from the mounts.extra of another component of the values (Grafana Alloy)", () => {
    const yaml = (readOnly: string) =>
      helmRelease(`
      alloy:
        mounts:
          extra:
            - {name: journal, mountPath: /var/log/journal${readOnly}}
      controller:
        type: daemonset
        volumes:
          extra:
            - {name: journal, hostPath: {path: /srv/journal}}
    `);
    const severity = (text: string) =>
      analyzeRepo(repo({ 'hr.yaml': text }))
        .filter((f) => f.check === 'host-path-volume')
        .map((f) => f.severity);
    // The same path mounted read-only rates below one a container may write.
    expect(severity(yaml(', readOnly: true'))).toEqual(['medium']);
    expect(severity(yaml(''))).toEqual(['high']);
  });

  it("name a volume by its entry, not by a chart's wrapper key (spec, volume)", () => {
    const yaml = helmRelease(`
      persistence:
        movies: {enabled: true, spec: {hostPath: {path: /mnt/movies}}}
        shows: {enabled: true, spec: {hostPath: {path: /mnt/shows}}}
      nodeplugin:
        volumes: [{name: plugin-dir, volume: {hostPath: {path: /var/lib/kubelet/plugins/x}}, mount: {mountPath: /csi}}]
    `);
    const found = analyzeRepo(repo({ 'hr.yaml': yaml })).filter((f) => f.check === 'host-path-volume');
    expect(found.map((f) => f.evidence?.volume).sort()).toEqual(['movies', 'plugin-dir', 'shows']);
  });

  it("take app-template 1.x's read-only entry (the entry is its own mount) as read-only", () => {
    const yaml = helmRelease(`
      controller: {type: daemonset}
      image: {repository: x}
      persistence:
        cards: {enabled: true, type: hostPath, hostPath: /sys/class/drm, readOnly: true}
        scratch: {enabled: true, type: hostPath, hostPath: /sys/kernel}
    `);
    const found = analyzeRepo(repo({ 'hr.yaml': yaml })).filter((f) => f.check === 'host-path-volume');
    expect(Object.fromEntries(found.map((f) => [f.evidence?.volume, [f.severity, f.evidence?.readOnly]]))).toEqual({
      cards: ['medium', true],
      scratch: ['high', false],
    });
  });

  it('are not blamed for what a chart sets by default (no drop ALL, no limits, no runAsNonRoot)', () => {
    const yaml = helmRelease(`
      securityContext: {readOnlyRootFilesystem: true, runAsUser: 1000}
      podSecurityContext: {fsGroup: 1000}
      resources: {}
    `);
    expect(analyzeRepo(repo({ 'hr.yaml': yaml }))).toEqual([]);
  });

  it('read the common chart convention of securityContext + podSecurityContext', () => {
    const yaml = helmRelease(`
      podSecurityContext: {runAsUser: 0}
      securityContext: {capabilities: {add: [NET_ADMIN]}}
    `);
    expect(analyzeRepo(repo({ 'hr.yaml': yaml })).map((f) => f.id)).toEqual([
      'dangerous-capabilities/HelmRelease/ns/rel/rel',
      'run-as-root-allowed/HelmRelease/ns/rel/rel',
    ]);
  });
});

describe('workload kinds', () => {
  it('reads StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods', () => {
    const container = '{name: c, image: x, securityContext: {privileged: true}}';
    const files = repo({
      'sts.yaml': `kind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: {containers: [${container}]}}}\n`,
      'ds.yaml': `kind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: {containers: [${container}]}}}\n`,
      'job.yaml': `kind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [${container}]}}}\n`,
      'cron.yaml': `kind: CronJob\nmetadata: {name: cj}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [${container}]}}}}}\n`,
      'pod.yaml': `kind: Pod\nmetadata: {name: p}\nspec: {containers: [${container}]}\n`,
    });
    const kinds = analyzeRepo(files)
      .filter((f) => f.check === 'privileged-container')
      .map((f) => f.resource.kind)
      .sort();
    expect(kinds).toEqual(['CronJob', 'DaemonSet', 'Job', 'Pod', 'StatefulSet']);
  });
});

describe('YAML merge keys', () => {
  it('give a container what it merges from another (`<<: *base`), as kustomize and Helm read it', () => {
    const found = analyzeRepo(
      repo({
        'w.yaml': deployment(`
          securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
          containers:
            - &base
              name: first
              image: nginx
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
            - <<: *base
              name: second
              args: [other]
        `),
      }),
    );
    expect(found).toEqual([]);
  });
});
