import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { analyzeRepo } from '../analyze-repo';
import { dedent, fluxKustomization, repo, sopsSecret } from '../test-support/repo';
import { fixFindings } from './fix-findings';

type PodSpec = { containers: Record<string, unknown>[]; volumes?: unknown[] };

function applyFix(files: Map<string, string>) {
  const outcome = fixFindings(files, analyzeRepo(files));
  if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
  return { outcome, after: new Map([...files, ...outcome.files]) };
}

describe('fixFindings: flux-sops-without-decryption', () => {
  const files = repo({
    'clusters/home/infra.yaml': fluxKustomization(
      'infra',
      './infra',
      'decryption:\n  provider: sops\n  secretRef:\n    name: age-key\n',
    ),
    'clusters/home/apps.yaml': [
      '---',
      '# apps: everything user-facing',
      fluxKustomization('apps', './apps', '# keep this comment\ntimeout: 5m # and this one\n').trimEnd(),
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: untouched,   namespace: flux-system}',
      'data: { a: "1" }',
      '',
    ].join('\n'),
    'infra/secret.sops.yaml': sopsSecret('cert-manager', 'token'),
    'apps/secret.sops.yaml': sopsSecret('home', 'mqtt'),
  });

  it('adds spec.decryption with the repo convention, and nothing is left to find', () => {
    const { outcome, after } = applyFix(files);
    expect([...outcome.files.keys()]).toEqual(['clusters/home/apps.yaml']);
    const apps = parseAllDocuments(after.get('clusters/home/apps.yaml')!) as unknown as { toJS(): unknown }[];
    expect(apps[0]?.toJS()).toMatchObject({
      spec: { decryption: { provider: 'sops', secretRef: { name: 'age-key' } }, timeout: '5m' },
    });
    expect(analyzeRepo(after).filter((f) => f.check === 'flux-sops-without-decryption')).toEqual([]);
    expect(outcome.fixed).toEqual(['flux-sops-without-decryption/Kustomization/flux-system/apps']);
  });

  it('keeps comments and leaves the other documents of the file byte for byte', () => {
    const { after } = applyFix(files);
    const text = after.get('clusters/home/apps.yaml')!;
    expect(text).toContain('# apps: everything user-facing');
    expect(text).toContain('# keep this comment');
    expect(text).toContain('timeout: 5m # and this one');
    expect(text).toContain('metadata: {name: untouched,   namespace: flux-system}\ndata: { a: "1" }\n');
    expect(text.startsWith('---\n# apps: everything user-facing\napiVersion:')).toBe(true);
  });

  it('writes an imperative commit message that names the finding', () => {
    const { outcome } = applyFix(files);
    const [subject, blank, ...body] = outcome.commitMessage.split('\n');
    expect(subject).toBe('fix(flux): decrypt SOPS secrets in Kustomization flux-system/apps');
    expect(blank).toBe('');
    expect(body.join('\n')).toContain('flux-sops-without-decryption/Kustomization/flux-system/apps');
    expect(body.join('\n')).toContain('flux-system/infra');
    expect(outcome.adr).toBeUndefined();
  });
});

describe('fixFindings: privileged-container', () => {
  const deployment = dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: plex
      namespace: media
    spec:
      template:
        spec:
          # the iGPU node
          nodeSelector:
            intel.feature.node.kubernetes.io/gpu: "true"
          containers:
          - name: plex
            image: plexinc/pms-docker:1.41
            securityContext:
              # privileged for /dev/dri
              privileged: true
              capabilities:
                add: [NET_BIND_SERVICE]
            resources:
              requests:
                cpu: 500m
            volumeMounts:
            - name: config
              mountPath: /config
            - name: dri
              mountPath: /dev/dri
          - name: exporter
            image: ghcr.io/example/plex-exporter:1
          volumes:
          - name: config
            persistentVolumeClaim: {claimName: plex-config}
          - name: dri
            hostPath:
              path: /dev/dri
  `);

  it('trades privileged mode for the device resource and leaves no finding', () => {
    const { outcome, after } = applyFix(repo({ 'media/plex.yaml': deployment }));
    const text = after.get('media/plex.yaml')!;
    const container = (parse(text) as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
    // The image may start as root (nothing says otherwise): its init keeps the runtime's default capabilities.
    expect(container.containers[0]?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'] },
    });
    expect(container.containers[0]?.resources).toEqual({
      requests: { cpu: '500m', 'gpu.intel.com/i915': '1' },
      limits: { 'gpu.intel.com/i915': '1' },
    });
    expect(container.containers[0]?.volumeMounts).toEqual([{ name: 'config', mountPath: '/config' }]);
    expect(container.volumes).toEqual([{ name: 'config', persistentVolumeClaim: { claimName: 'plex-config' } }]);
    expect(container.containers[1]).toEqual({ name: 'exporter', image: 'ghcr.io/example/plex-exporter:1' });
    // No privilege left, and the /dev/dri host path went with it.
    expect(analyzeRepo(after).filter((f) => ['privileged-container', 'host-path-volume'].includes(f.check))).toEqual(
      [],
    );
    expect(outcome.fixed).toEqual(['privileged-container/Deployment/media/plex/plex']);
  });

  it('keeps the style and comments of the file, and replaces the comment that explained the privilege', () => {
    const { after } = applyFix(repo({ 'media/plex.yaml': deployment }));
    const text = after.get('media/plex.yaml')!;
    expect(text).toContain('# the iGPU node\n');
    expect(text).toContain('      containers:\n      - name: plex\n');
    expect(text).toContain('gpu.intel.com/i915: "1"');
    expect(text).not.toContain('privileged for /dev/dri');
    expect(text).toContain('# GPU through gpu.intel.com/i915 from the device plugin, not privileged mode');
  });

  it('adds no requests when the container has none, and records the decision as an ADR', () => {
    const files = repo({
      'ai/ollama.yaml': `
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: ollama, namespace: ai}
        spec:
          template:
            spec:
              containers:
                - name: ollama
                  image: ollama/ollama:0.4.2
                  securityContext: {privileged: true}
      `,
    });
    const { outcome, after } = applyFix(files);
    expect(after.get('ai/ollama.yaml')).toContain(
      '          resources:\n            limits:\n              nvidia.com/gpu: "1"\n',
    );
    expect(after.get('ai/ollama.yaml')).not.toContain('requests');
    expect(outcome.commitMessage.split('\n')[0]).toBe(
      'fix(security): run StatefulSet ai/ollama unprivileged with nvidia.com/gpu',
    );
    expect(outcome.adr).toMatchObject({
      title: 'Use the GPU device plugin instead of privileged mode for StatefulSet ai/ollama',
    });
    expect(outcome.adr?.alternatives.length).toBeGreaterThan(0);
  });

  it('adds ALL to an existing drop list once, for containers that run as a non-root user', () => {
    const files = repo({
      'w.yaml': `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext: {runAsUser: 1000}
          containers:
            - name: c
              image: ollama/ollama:0.4.2
              securityContext:
                privileged: true
                capabilities: {drop: [NET_RAW]}
            - name: d
              image: ollama/ollama:0.4.2
              securityContext:
                privileged: true
                capabilities:
                  drop: [ALL]
      `,
    });
    const { after } = applyFix(files);
    const pod = parse(after.get('w.yaml')!) as { spec: PodSpec };
    const drops = pod.spec.containers.map(
      (c) => (c.securityContext as { capabilities: { drop: string[] } }).capabilities.drop,
    );
    expect(drops).toEqual([['NET_RAW', 'ALL'], ['ALL']]);
  });

  it("keeps the runtime's default capabilities where the container may start as root, and says why", () => {
    // An init that starts as root, chowns its files and drops to PUID/PGID (s6-overlay) needs CHOWN, SETUID, SETGID…
    const { outcome, after } = applyFix(
      repo({
        'media/transcoder.yaml': `
          apiVersion: apps/v1
          kind: DaemonSet
          metadata: {name: transcoder, namespace: media}
          spec:
            template:
              spec:
                containers:
                  - name: node
                    image: ghcr.io/example/transcoder-node:2.1
                    command: [/init]
                    env: [{name: PUID, value: "1000"}, {name: PGID, value: "1000"}]
                    securityContext: {privileged: true}
                    volumeMounts: [{name: dri, mountPath: /dev/dri}]
                volumes:
                  - {name: dri, hostPath: {path: /dev/dri}}
        `,
      }),
    );
    const pod = (parse(after.get('media/transcoder.yaml')!) as { spec: { template: { spec: PodSpec } } }).spec.template
      .spec;
    expect(pod.containers[0]?.securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(pod.containers[0]?.resources).toEqual({ limits: { 'gpu.intel.com/i915': '1' } });
    expect(outcome.commitMessage).toContain("node keeps the runtime's default capabilities");
    expect(outcome.commitMessage).not.toContain('drop all capabilities');
    expect(outcome.adr?.decision).not.toContain('drop: [ALL]');
  });

  it('keeps them too in an overlay patch that does not name the image', () => {
    const files = repo({
      'apps/media/base/kustomization.yaml': 'resources: [player.yaml]\n',
      'apps/media/base/player.yaml': `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: player, namespace: media}
        spec:
          template:
            spec:
              containers:
                - name: player
                  image: ghcr.io/example/player:10
      `,
      'apps/media/gpu/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: player-gpu.yaml\n',
      'apps/media/gpu/player-gpu.yaml': `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: player}
        spec:
          template:
            spec:
              containers:
                - name: player
                  securityContext: {privileged: true}
                  volumeMounts: [{name: dri, mountPath: /dev/dri}]
              volumes:
                - {name: dri, hostPath: {path: /dev/dri}}
      `,
    });
    const { after } = applyFix(files);
    const patch = after.get('apps/media/gpu/player-gpu.yaml')!;
    expect(patch).not.toContain('privileged');
    expect(patch).not.toContain('ALL');
    expect(patch).toContain('allowPrivilegeEscalation: false');
  });

  it('is unfixable when nothing shows which device the container needs', () => {
    const files = repo({
      'w.yaml': `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - {name: c, image: busybox, securityContext: {privileged: true}}
      `,
    });
    const outcome = fixFindings(files, analyzeRepo(files));
    expect(outcome).toMatchObject({ kind: 'unfixable' });
    expect(outcome.kind === 'unfixable' && outcome.reason).toContain('privileged-container/Pod/_/p/c');
  });
});

describe('fixFindings in a SOPS-encrypted file', () => {
  it('edits nothing in plain text there: the MAC would fail and Flux could not decrypt the file', () => {
    const release = dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: monitoring, namespace: monitoring}
      spec:
        template:
          spec:
            securityContext: {runAsUser: 1000}
            containers:
              - name: app
                image: ghcr.io/example/app:1.0
                env:
                  - {name: TOKEN, value: "ENC[AES256_GCM,data:c2VjcmV0,iv:aXY=,tag:dGFn,type:str]"}
      sops:
        age:
          - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq
            enc: |
              -----BEGIN AGE ENCRYPTED FILE-----
              YWdl
              -----END AGE ENCRYPTED FILE-----
        lastmodified: "2026-11-01T00:00:00Z"
        mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
        encrypted_regex: ^(TOKEN)$
        version: 3.9.0
    `);
    const files = repo({ 'apps/monitoring/release.sops.yaml': release });
    const findings = analyzeRepo(files).filter((f) => f.check === 'privilege-escalation-allowed');
    expect(findings).toHaveLength(1);
    const outcome = fixFindings(files, findings);
    expect(outcome.kind).toBe('unfixable');
    expect(outcome.kind === 'unfixable' && outcome.reason).toMatch(
      /apps\/monitoring\/release\.sops\.yaml is SOPS-encrypted, and an edit in plain text would break its MAC/,
    );
    // The same release without SOPS metadata is fixed.
    const plain = repo({ 'apps/monitoring/release.yaml': release.slice(0, release.indexOf('sops:')) });
    const fixed = fixFindings(
      plain,
      analyzeRepo(plain).filter((f) => f.check === 'privilege-escalation-allowed'),
    );
    expect(fixed.kind).toBe('fixed');
  });
});
