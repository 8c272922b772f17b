// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of some tests
import type { Finding } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, fluxKustomization, repo, sopsMetadata, sopsSecret } from '../test-support/repo';

/** A pod that mounts a directory of the node: host-path-volume reports it as high. */
const hostPathPod = (name: string) =>
  dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ${name}, namespace: lab}
    spec:
      template:
        spec:
          containers:
            - name: main
              image: registry.example/${name}:1.0
              resources: {limits: {memory: 64Mi, cpu: 100m}}
              securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}}
          volumes:
            - name: scratch
              hostPath: {path: /srv/${name}}
  `);

/** The cluster as bootstrap leaves it: flux-system syncs clusters/lab, which holds the apps Kustomization. */
const cluster = (appsExtra = '') => ({
  'clusters/lab/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
  'clusters/lab/apps.yaml': fluxKustomization('apps', './apps', appsExtra),
});

const hostPath = (files: Map<string, string>) => analyzeRepo(files).filter((f) => f.check === 'host-path-volume');
const byName = (findings: Finding[], name: string) => findings.find((f) => f.resource.name === name);

describe('findings are about what Flux deploys', () => {
  it('names the Kustomization that deploys an object, the most specific one', () => {
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml': 'resources: [tool.yaml]\n',
      'apps/tool.yaml': hostPathPod('tool'),
    });
    expect(hostPath(files)).toEqual([expect.objectContaining({ severity: 'high', deployedBy: 'flux-system/apps' })]);
    expect(hostPath(files)[0]?.notDeployed).toBeUndefined();
  });

  it('tells apart the Kustomizations of two clusters that share a name, by the file that declares each', () => {
    const files = repo({
      'clusters/north/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/north'),
      'clusters/south/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/south'),
      'clusters/north/kustomization.yaml': 'resources: [flux-system/gotk-sync.yaml, tool.yaml]\n',
      'clusters/north/tool.yaml': hostPathPod('tool'),
      'clusters/south/kustomization.yaml': 'resources: [flux-system/gotk-sync.yaml, apps.yaml]\n',
      'clusters/south/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'resources: [gauge.yaml]\n',
      'apps/gauge.yaml': hostPathPod('gauge'),
    });
    const found = hostPath(files);
    expect(byName(found, 'tool')?.deployedBy).toBe(
      'flux-system/flux-system (clusters/north/flux-system/gotk-sync.yaml)',
    );
    // A name only one cluster uses needs nothing more.
    expect(byName(found, 'gauge')?.deployedBy).toBe('flux-system/apps');
  });

  it('names a Kustomization in the namespace kustomize gives it, from the kustomization.yaml that lists it', () => {
    const player = fluxKustomization('player', './apps/media/player/app').replace('  namespace: flux-system\n', '');
    const files = repo({
      'clusters/lab/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
      'clusters/lab/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'resources: [media]\n',
      'apps/media/kustomization.yaml': 'namespace: media\nresources: [player/ks.yaml]\n',
      'apps/media/player/ks.yaml': player,
      'apps/media/player/app/kustomization.yaml': 'resources: [player.yaml]\n',
      'apps/media/player/app/player.yaml': hostPathPod('player'),
    });
    expect(player).not.toContain('namespace:');
    expect(hostPath(files)).toEqual([expect.objectContaining({ severity: 'high', deployedBy: 'media/player' })]);
  });

  it("takes the namespace a folder's NamespaceTransformer sets, shared and given its namespace folder by folder", () => {
    const files = repo({
      'clusters/lab/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
      'clusters/lab/apps.yaml': fluxKustomization('apps', './apps'),
      'shared/transformers/kustomization.yaml': 'resources: [namespace.yaml]\n',
      'shared/transformers/namespace.yaml': dedent(`
        apiVersion: builtin
        kind: NamespaceTransformer
        metadata: {name: set-namespace, namespace: placeholder}
        unsetOnly: false
      `),
      'apps/kustomization.yaml': 'resources: [radio]\n',
      'apps/radio/kustomization.yaml': 'resources: [tuner/ks.yaml]\ntransformers: [./transformers]\n',
      'apps/radio/transformers/kustomization.yaml': 'namespace: radio\nresources: [../../../shared/transformers]\n',
      'apps/radio/tuner/ks.yaml': fluxKustomization('tuner', './apps/radio/tuner/app'),
      'apps/radio/tuner/app/kustomization.yaml': 'resources: [tuner.yaml]\n',
      'apps/radio/tuner/app/tuner.yaml': hostPathPod('tuner'),
    });
    expect(hostPath(files)).toEqual([expect.objectContaining({ deployedBy: 'radio/tuner' })]);
    // A transformer that only fills unset namespaces leaves the Kustomization's own.
    files.set(
      'shared/transformers/namespace.yaml',
      (files.get('shared/transformers/namespace.yaml') ?? '').replace('unsetOnly: false', 'unsetOnly: true'),
    );
    expect(hostPath(files)).toEqual([expect.objectContaining({ deployedBy: 'flux-system/tuner' })]);
  });

  it("takes the namespace of the outermost kustomization.yaml that includes it, over the Kustomization's own", () => {
    // The Kustomization says flux-system; the folder's kustomization.yaml sets none, the one that includes the folder
    // sets vault: kustomize puts the Kustomization in vault.
    const files = repo({
      'clusters/lab/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
      'clusters/lab/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'resources: [vault]\n',
      'apps/vault/kustomization.yaml': 'namespace: vault\nresources: [snapshots]\n',
      'apps/vault/snapshots/kustomization.yaml': 'resources: [ks.yaml]\n',
      'apps/vault/snapshots/ks.yaml': fluxKustomization('snapshots', './apps/vault/snapshots/app'),
      'apps/vault/snapshots/app/kustomization.yaml': 'resources: [snapshots.yaml]\n',
      'apps/vault/snapshots/app/snapshots.yaml': hostPathPod('snapshots'),
    });
    expect(files.get('apps/vault/snapshots/ks.yaml')).toContain('namespace: flux-system');
    expect(hostPath(files)).toEqual([expect.objectContaining({ deployedBy: 'vault/snapshots' })]);
  });

  it('an archive folder no Kustomization reaches drops to info, with the reason', () => {
    const files = repo({
      ...cluster(),
      'apps/tool.yaml': hostPathPod('tool'),
      'archive/old/legacy.yaml': hostPathPod('legacy'),
    });
    const legacy = byName(hostPath(files), 'legacy');
    expect(legacy).toMatchObject({ severity: 'info', notDeployed: "no Flux Kustomization's path includes archive/" });
    expect(legacy?.deployedBy).toBeUndefined();
    expect(legacy?.message).toMatch(/Nothing deploys it: no Flux Kustomization's path includes archive\/\.$/);
    expect(byName(hostPath(files), 'tool')).toMatchObject({ severity: 'high', deployedBy: 'flux-system/apps' });
  });

  it('an archived Flux Kustomization nothing applies deploys nothing either', () => {
    const files = repo({
      ...cluster(),
      'apps/tool.yaml': hostPathPod('tool'),
      'archive/ks.yaml': fluxKustomization('retired', './archive/retired'),
      'archive/retired/legacy.yaml': hostPathPod('legacy'),
    });
    expect(byName(hostPath(files), 'legacy')).toMatchObject({
      severity: 'info',
      notDeployed:
        "built by Flux Kustomization flux-system/retired, which nothing deploys: no Flux Kustomization's path includes archive/",
    });
  });

  it('task-runner templates beside the cluster are not deployed', () => {
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml': 'resources: [tool.yaml]\n',
      'apps/tool.yaml': hostPathPod('tool'),
      'tasks/templates/debug-pod.tmpl.yaml': hostPathPod('debug'),
    });
    expect(byName(hostPath(files), 'debug')).toMatchObject({
      severity: 'info',
      notDeployed: "no Flux Kustomization's path includes tasks/",
    });
  });

  it('a folder commented out of a kustomization.yaml is not deployed; its siblings are', () => {
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml': 'resources:\n  - ./media\n  # - ./games\n',
      'apps/media/kustomization.yaml': 'resources: [player.yaml]\n',
      'apps/media/player.yaml': hostPathPod('player'),
      'apps/media/unused.yaml': hostPathPod('unused'),
      'apps/games/kustomization.yaml': 'resources: [server.yaml]\n',
      'apps/games/server.yaml': hostPathPod('server'),
    });
    const found = hostPath(files);
    expect(byName(found, 'player')).toMatchObject({ severity: 'high', deployedBy: 'flux-system/apps' });
    expect(byName(found, 'server')).toMatchObject({
      severity: 'info',
      notDeployed: 'not listed in apps/kustomization.yaml',
    });
    expect(byName(found, 'unused')).toMatchObject({
      severity: 'info',
      notDeployed: 'not listed in apps/media/kustomization.yaml',
    });
  });

  it.each([
    ['OCIRepository', 'OCIRepository flux-system/published'],
    ['Bucket', 'Bucket flux-system/published'],
    ['GitRepository', 'GitRepository flux-system/published'],
  ])('a Kustomization built from a %s builds nothing of this tree', (kind, described) => {
    const files = repo({
      ...cluster(),
      'apps/tool.yaml': hostPathPod('tool'),
      'apps/vendor.yaml': fluxKustomization('vendor', './vendor').replace(
        'kind: GitRepository\n    name: flux-system',
        `kind: ${kind}\n    name: published`,
      ),
      'vendor/kustomization.yaml': 'resources: [agent.yaml, secret.sops.yaml]\n',
      'vendor/agent.yaml': hostPathPod('agent'),
      'vendor/secret.sops.yaml': sopsSecret('lab', 'agent'),
    });
    const findings = analyzeRepo(files);
    expect(
      byName(
        findings.filter((f) => f.check === 'host-path-volume'),
        'agent',
      ),
    ).toMatchObject({
      severity: 'info',
      notDeployed: `built from ${described}, not this repository`,
    });
    // Its SOPS files are not built from here, so no decryption is missing from it.
    expect(findings.filter((f) => f.check === 'flux-sops-without-decryption')).toEqual([]);
  });

  it('a committed credential stays high wherever it lies', () => {
    const files = repo({
      ...cluster(),
      'apps/tool.yaml': hostPathPod('tool'),
      'archive/db.yaml': dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: lab}
        stringData: {password: "Zq8!rT2#vLw9@kPx"}
      `),
    });
    const secret = analyzeRepo(files).find((f) => f.check === 'plaintext-secret');
    expect(secret).toMatchObject({ notDeployed: "no Flux Kustomization's path includes archive/" });
    expect(['high', 'critical']).toContain(secret?.severity);
  });

  it('a repository without Flux keeps every finding as it was, with no placement', () => {
    const files = repo({ 'archive/legacy.yaml': hostPathPod('legacy') });
    const [finding] = hostPath(files);
    expect(finding).toMatchObject({ severity: 'high' });
    expect(finding).not.toHaveProperty('deployedBy');
    expect(finding).not.toHaveProperty('notDeployed');
  });

  it('the Flux operator root (FluxInstance sync path) deploys what it reaches', () => {
    const files = repo({
      'cluster/ks.yaml': fluxKustomization('apps', './apps'),
      'apps/operator/instance.yaml': dedent(`
        apiVersion: fluxcd.controlplane.io/v1
        kind: FluxInstance
        metadata: {name: flux, namespace: flux-system}
        spec:
          sync: {kind: GitRepository, url: "https://git.example/lab.git", ref: refs/heads/main, path: cluster}
      `),
      'apps/tool.yaml': hostPathPod('tool'),
      'old/ks.yaml': fluxKustomization('old', './old/apps'),
      'old/apps/legacy.yaml': hostPathPod('legacy'),
    });
    const found = hostPath(files);
    expect(byName(found, 'tool')).toMatchObject({ severity: 'high', deployedBy: 'flux-system/apps' });
    expect(byName(found, 'legacy')).toMatchObject({ severity: 'info' });
  });

  it('a sync path with a template placeholder (rendered by Nix, say) roots each cluster folder that fits it', () => {
    const files = repo({
      'nix/flux-instance.yaml': dedent(`
        apiVersion: fluxcd.controlplane.io/v1
        kind: FluxInstance
        metadata: {name: flux, namespace: flux-system}
        spec:
          sync: {kind: GitRepository, url: "https://git.example/lab.git", ref: refs/heads/main, path: k8s/clusters/@cluster@/flux}
      `),
      'k8s/clusters/den/flux/apps.yaml': fluxKustomization('apps', './k8s/apps/den'),
      'k8s/apps/den/tool.yaml': hostPathPod('tool'),
      'k8s/clusters/attic/flux/apps.yaml': fluxKustomization('apps', './k8s/apps/attic'),
      'k8s/apps/attic/box.yaml': hostPathPod('box'),
      'k8s/apps/unused/legacy.yaml': hostPathPod('legacy'),
    });
    const found = hostPath(files);
    // Two clusters' Kustomizations of one name: each is told by its file.
    expect(byName(found, 'tool')).toMatchObject({
      severity: 'high',
      deployedBy: 'flux-system/apps (k8s/clusters/den/flux/apps.yaml)',
    });
    expect(byName(found, 'box')).toMatchObject({
      severity: 'high',
      deployedBy: 'flux-system/apps (k8s/clusters/attic/flux/apps.yaml)',
    });
    expect(byName(found, 'legacy')).toMatchObject({ severity: 'info' });
  });
});

describe('parent patches with set-based selectors', () => {
  const parent = (selector: string) =>
    fluxKustomization(
      'cluster-apps',
      './clusters/lab/apps',
      `
      patches:
        - patch: |-
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: not-used
            spec:
              decryption:
                provider: sops
                secretRef:
                  name: sops-age
          target:
            kind: Kustomization
            labelSelector: '${selector}'
      `,
    );
  const child = (labels: string) =>
    fluxKustomization('media', './media').replace(
      'namespace: flux-system',
      `namespace: flux-system\n  labels: {${labels}}`,
    );
  const decryptionFindings = (selector: string, labels: string) =>
    analyzeRepo(
      repo({
        'clusters/lab/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
        'clusters/lab/apps.yaml': parent(selector),
        'clusters/lab/apps/media.yaml': child(labels),
        'media/secret.sops.yaml': sopsSecret('media', 'api'),
      }),
    ).filter((f) => f.check === 'flux-sops-without-decryption');

  it.each([
    ['substitution.flux.home.arpa/disabled notin (true)', 'tier: media', true],
    ['substitution.flux.home.arpa/disabled notin (true)', '"substitution.flux.home.arpa/disabled": "true"', false],
    ['tier in (media, games)', 'tier: media', true],
    ['tier in (games)', 'tier: media', false],
    ['tier', 'tier: media', true],
    ['!sops.home.arpa/skip', 'tier: media', true],
    ['!tier', 'tier: media', false],
    ['tier=media,owner!=lab', 'tier: media', true],
    ['tier==media', 'tier: media', true],
  ])('%s on {%s}: patched %s', (selector, labels, patched) => {
    expect(decryptionFindings(selector, labels)).toHaveLength(patched ? 0 : 1);
  });
});

describe('substitution opt-out', () => {
  it('a file with kustomize.toolkit.fluxcd.io/substitute: disabled keeps its ${VAR}s without a finding', () => {
    const script = (annotations: string) =>
      dedent(`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: script
          namespace: lab
          annotations: {${annotations}}
        data: {host: "\${MISSING_HOST}"}
      `);
    const withSettings = (annotations: string) =>
      repo({
        ...cluster('postBuild:\n  substitute: {DOMAIN: lab.example}\n'),
        'apps/script.yaml': script(annotations),
      });
    expect(analyzeRepo(withSettings('kustomize.toolkit.fluxcd.io/substitute: disabled'))).toEqual([]);
    expect(analyzeRepo(withSettings('note: none')).map((f) => f.check)).toEqual(['flux-unresolved-substitution']);
  });
});

describe("a child Kustomization's path, with the variables of the Kustomization that applies it", () => {
  /** A database with two variants side by side; the child Kustomization picks one by `${MODE}`, `a` by default. */
  const variants = (appsExtra: string, more: Record<string, string> = {}, childMetadata = '') =>
    repo({
      ...cluster(appsExtra),
      'apps/kustomization.yaml': 'resources: [db/ks.yaml]\n',
      'apps/db/ks.yaml': fluxKustomization('db', './apps/db/variant-${MODE:=a}').replace(
        '  namespace: flux-system\n',
        `  namespace: flux-system\n${childMetadata}`,
      ),
      'apps/db/variant-a/kustomization.yaml': 'resources: [db.yaml]\n',
      'apps/db/variant-a/db.yaml': hostPathPod('db-a'),
      'apps/db/variant-b/kustomization.yaml': 'resources: [db.yaml]\n',
      'apps/db/variant-b/db.yaml': hostPathPod('db-b'),
      ...more,
    });
  const placement = (files: Map<string, string>) =>
    Object.fromEntries(
      hostPath(files).map((f) => [f.resource.name, f.deployedBy ?? `not deployed: ${f.notDeployed ?? '?'}`]),
    );
  const settings = (data: string) =>
    dedent(`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: lab-settings, namespace: flux-system}
      data: {${data}}
    `);
  const fromSettings = 'postBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: lab-settings, optional: true}\n';

  it("takes the parent's inline variable over the default", () => {
    expect(placement(variants('postBuild:\n  substitute: {MODE: b}\n'))).toEqual({
      'db-a': expect.stringMatching(/^not deployed/),
      'db-b': 'flux-system/db',
    });
  });

  it('takes the default when the optional ConfigMap the parent substitutes from does not set it', () => {
    const files = variants(fromSettings, { 'clusters/lab/settings.yaml': settings('DOMAIN: lab.example') });
    expect(placement(files)).toEqual({ 'db-a': 'flux-system/db', 'db-b': expect.stringMatching(/^not deployed/) });
  });

  it('takes the value of that ConfigMap when it sets it', () => {
    const files = variants(fromSettings, { 'clusters/lab/settings.yaml': settings('MODE: b') });
    expect(placement(files)).toEqual({ 'db-a': expect.stringMatching(/^not deployed/), 'db-b': 'flux-system/db' });
  });

  it('leaves the path as written when the child opts out of substitution', () => {
    const optOut = '  annotations: {kustomize.toolkit.fluxcd.io/substitute: disabled}\n';
    const files = variants('postBuild:\n  substitute: {MODE: b}\n', {}, optOut);
    expect(placement(files)).toEqual({
      'db-a': expect.stringMatching(/^not deployed/),
      'db-b': expect.stringMatching(/^not deployed/),
    });
  });

  it("follows a grandparent's variable into the parent's path, then the parent's into the child's", () => {
    const files = repo({
      'clusters/lab/flux-system/gotk-sync.yaml': fluxKustomization(
        'flux-system',
        './clusters/lab',
        'postBuild:\n  substitute: {TIER: core}\n',
      ),
      'clusters/lab/apps.yaml': fluxKustomization('apps', './tiers/${TIER}', 'postBuild:\n  substitute: {MODE: b}\n'),
      'tiers/core/kustomization.yaml': 'resources: [db.yaml]\n',
      'tiers/core/db.yaml': fluxKustomization('db', './tiers/core/db-${MODE:=a}'),
      'tiers/core/db-a/db.yaml': hostPathPod('db-a'),
      'tiers/core/db-b/db.yaml': hostPathPod('db-b'),
    });
    expect(placement(files)).toEqual({ 'db-a': expect.stringMatching(/^not deployed/), 'db-b': 'flux-system/db' });
  });
});

describe('HelmRelease values as helm-controller merges them', () => {
  const release = (extra: string) =>
    dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: recorder, namespace: lab}
      spec:
        chart: {spec: {chart: recorder, sourceRef: {kind: HelmRepository, name: charts}}}
    `) + dedent(extra).replace(/^(?=.)/gm, '  ');

  it('reads values from a ConfigMap generated from a file of the repo', () => {
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml': dedent(`
        resources: [helmrelease.yaml]
        configMapGenerator:
          - name: recorder-values
            files: [values.yaml=recorder-values.yaml]
        generatorOptions: {disableNameSuffixHash: true}
      `),
      'apps/helmrelease.yaml': release(`
        valuesFrom:
          - kind: ConfigMap
            name: recorder-values
        values:
          replicas: 1
      `),
      'apps/recorder-values.yaml': 'persistence:\n  media:\n    type: hostPath\n    hostPath: /mnt/recordings\n',
    });
    expect(hostPath(files)).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ kind: 'HelmRelease', name: 'recorder' }),
        severity: 'high',
        deployedBy: 'flux-system/apps',
        evidence: expect.objectContaining({ path: '/mnt/recordings' }),
      }),
    ]);
  });

  it('reads a SOPS-encrypted values file of a secretGenerator as the controller decrypts it: without its sops block', () => {
    // What a values file encrypted with an encrypted_regex that leaves the chart's settings readable looks like.
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml': dedent(`
        resources: [helmrelease.yaml]
        secretGenerator:
          - name: recorder-values
            files: [values.yaml=values.sops.yaml]
      `),
      'apps/helmrelease.yaml': release(`
        valuesFrom: [{kind: Secret, name: recorder-values}]
      `),
      'apps/values.sops.yaml':
        dedent(`
          persistence:
            media: {type: hostPath, hostPath: /mnt/recordings}
          auth:
            apiToken: ENC[AES256_GCM,data:c2VjcmV0,iv:aXY=,tag:dGFn,type:str]
        `) + sopsMetadata('encrypted_regex: ^(apiToken)$'),
    });
    const findings = analyzeRepo(files);
    // The chart's settings in it are read…
    expect(hostPath(files).map((f) => f.evidence?.path)).toEqual(['/mnt/recordings']);
    // …and neither the age recipient (a public key) nor the MAC is taken for a credential.
    expect(findings.filter((f) => f.check === 'hardcoded-credential')).toEqual([]);
  });

  it('inline values win over valuesFrom, key by key', () => {
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml':
        'resources: [helmrelease.yaml]\nconfigMapGenerator:\n  - name: recorder-values\n    files: [values.yaml]\n',
      'apps/helmrelease.yaml': release(`
        valuesFrom: [{kind: ConfigMap, name: recorder-values}]
        values:
          persistence: {media: {type: persistentVolumeClaim, hostPath: null}}
      `),
      'apps/values.yaml': 'persistence:\n  media:\n    type: hostPath\n    hostPath: /mnt/recordings\n',
    });
    expect(hostPath(files)).toEqual([]);
  });

  it('finds a hostPath that a postRenderers kustomize patch adds', () => {
    const files = repo({
      ...cluster(),
      'apps/helmrelease.yaml': release(`
        values: {replicas: 1}
        postRenderers:
          - kustomize:
              patches:
                - target: {kind: Deployment, name: recorder}
                  patch: |
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: recorder}
                    spec:
                      template:
                        spec:
                          volumes:
                            - name: dev
                              hostPath: {path: /dev/bus/usb}
                - target: {kind: Deployment}
                  patch: |
                    - op: add
                      path: /spec/template/spec/volumes/-
                      value: {name: cache, hostPath: {path: /var/cache/recorder}}
      `),
    });
    const found = hostPath(files);
    expect(found.map((f) => f.evidence?.path).sort()).toEqual(['/dev/bus/usb', '/var/cache/recorder']);
    expect(found.map((f) => [f.resource.kind, f.severity, f.line, f.deployedBy])).toEqual([
      ['HelmRelease', 'high', 7, 'flux-system/apps'],
      ['HelmRelease', 'high', 7, 'flux-system/apps'],
    ]);
  });
});

describe('a repository Flux reads as an OCI artifact CI pushed from a folder of it', () => {
  /** A Flux Kustomization of `kind` source `source` in `namespace`. */
  const kustomization = (name: string, namespace: string, path: string, kind: string, source: string) =>
    dedent(`
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata: {name: ${name}, namespace: ${namespace}}
      spec:
        path: ${path}
        sourceRef: {kind: ${kind}, name: ${source}, namespace: flux-system}
    `);
  // CI runs `flux push artifact --path=./deploy`: every path Flux reads is relative to deploy/. The operator's sync is
  // in the flux-instance chart's values, a file a generator turns into a ConfigMap for a HelmRelease inside a
  // ResourceSet; apps come from ExternalArtifacts an ArtifactGenerator copies out of the same artifact.
  const files = () =>
    repo({
      'deploy/clusters/home/kustomization.yaml': 'resources: [flux-instance, root.yaml]\n',
      'deploy/clusters/home/flux-instance/kustomization.yaml': dedent(`
        resources: [resource-set.yaml]
        configMapGenerator:
          - name: flux-instance-values
            files: [values.yaml=values.yaml]
      `),
      'deploy/clusters/home/flux-instance/resource-set.yaml': dedent(`
        apiVersion: fluxcd.controlplane.io/v1
        kind: ResourceSet
        metadata: {name: flux-instance, namespace: flux-system}
        spec:
          resources:
            - apiVersion: helm.toolkit.fluxcd.io/v2
              kind: HelmRelease
              metadata: {name: flux-instance, namespace: flux-system}
              spec:
                valuesFrom: [{kind: ConfigMap, name: flux-instance-values}]
      `),
      'deploy/clusters/home/flux-instance/values.yaml': dedent(`
        instance:
          sync:
            kind: OCIRepository
            url: oci://registry.example/home/manifests
            ref: main
            path: ./clusters/home
      `),
      'deploy/clusters/home/root.yaml': kustomization('apps', 'flux-system', './apps', 'OCIRepository', 'flux-system'),
      'deploy/apps/kustomization.yaml': 'resources: [generator.yaml, recorder/ks.yaml]\n',
      'deploy/apps/generator.yaml': dedent(`
        apiVersion: source.extensions.fluxcd.io/v1beta1
        kind: ArtifactGenerator
        metadata: {name: apps, namespace: flux-system}
        spec:
          sources: [{alias: repo, kind: OCIRepository, name: flux-system}]
          artifacts:
            - name: recorder
              copy: [{from: "@repo/apps/recorder/app/", to: "@artifact/apps/recorder/app/"}]
            - name: tuner
              copy: [{from: "@repo/apps/tuner/app/", to: "@artifact/apps/tuner/app/"}]
      `),
      'deploy/apps/recorder/ks.yaml': kustomization(
        'recorder',
        'lab',
        './apps/recorder/app',
        'ExternalArtifact',
        'recorder',
      ),
      'deploy/apps/recorder/app/kustomization.yaml': 'resources: [recorder.yaml]\n',
      'deploy/apps/recorder/app/recorder.yaml': hostPathPod('recorder'),
      // Switched off: its Kustomization is in no list.
      'deploy/apps/tuner/ks.yaml': kustomization('tuner', 'lab', './apps/tuner/app', 'ExternalArtifact', 'tuner'),
      'deploy/apps/tuner/app/kustomization.yaml': 'resources: [tuner.yaml]\n',
      'deploy/apps/tuner/app/tuner.yaml': hostPathPod('tuner'),
    });

  it('reads each path under that folder, through the generated artifacts, and deploys what the lists name', () => {
    const found = hostPath(files());
    expect(byName(found, 'recorder')).toMatchObject({ severity: 'high', deployedBy: 'lab/recorder' });
    expect(byName(found, 'tuner')).toMatchObject({ severity: 'info' });
    expect(byName(found, 'tuner')?.notDeployed).toMatch(
      /^built by Flux Kustomization lab\/tuner, which nothing deploys/,
    );
  });

  it('never moves the root of a Git source: an archived cluster whose paths resolve only under .archive/ stays off', () => {
    const files = repo({
      ...cluster(),
      'apps/kustomization.yaml': 'resources: [tool.yaml]\n',
      'apps/tool.yaml': hostPathPod('tool'),
      // A retired cluster kept whole under .archive/, more of it than of the live one: its paths name kube/…, which
      // exist only there.
      '.archive/kube/clusters/old/flux/root.yaml': kustomization(
        'old-root',
        'flux-system',
        './kube/clusters/old/flux',
        'GitRepository',
        'flux-system',
      ),
      '.archive/kube/clusters/old/flux/apps.yaml': kustomization(
        'old-apps',
        'flux-system',
        './kube/apps',
        'GitRepository',
        'flux-system',
      ),
      '.archive/kube/clusters/old/flux/db.yaml': kustomization(
        'old-db',
        'flux-system',
        './kube/db',
        'GitRepository',
        'flux-system',
      ),
      '.archive/kube/db/kustomization.yaml': 'resources: []\n',
      '.archive/kube/apps/kustomization.yaml': 'resources: [legacy.yaml]\n',
      '.archive/kube/apps/legacy.yaml': hostPathPod('legacy'),
    });
    const found = hostPath(files);
    expect(byName(found, 'tool')).toMatchObject({ severity: 'high', deployedBy: 'flux-system/apps' });
    expect(byName(found, 'legacy')).toMatchObject({ severity: 'info' });
    expect(byName(found, 'legacy')?.deployedBy).toBeUndefined();
  });

  it('an artifact that moves files elsewhere is not taken for this tree', () => {
    const moved = files();
    const generator = moved.get('deploy/apps/generator.yaml')!;
    moved.set(
      'deploy/apps/generator.yaml',
      generator.replace('to: "@artifact/apps/recorder/app/"', 'to: "@artifact/recorder/"'),
    );
    expect(byName(hostPath(moved), 'recorder')).toMatchObject({ severity: 'info' });
  });
});
