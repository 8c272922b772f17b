// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of these tests
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, fluxKustomization, repo, sopsSecret } from '../test-support/repo';

const ingress = (host: string, annotations = '') =>
  dedent(`
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: web, namespace: apps${annotations}}
    spec:
      rules: [{host: "${host}"}]
  `);

const settings = dedent(`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: cluster-settings, namespace: flux-system}
  data: {DOMAIN: example.net, TZ: Europe/Berlin}
`);

/** The onedr0p-style parent: a Flux Kustomization that patches decryption and substitution into every child. */
const parentWithPatches = fluxKustomization(
  'cluster',
  './clusters/home',
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
          postBuild:
            substituteFrom:
              - kind: ConfigMap
                name: cluster-settings
      target:
        group: kustomize.toolkit.fluxcd.io
        kind: Kustomization
  `,
);

const ids = (files: Map<string, string>) => analyzeRepo(files).map((f) => f.id);

describe('Flux Kustomizations are judged by their effective spec', () => {
  it('a child patched by its parent with decryption and substituteFrom has neither problem', () => {
    const files = repo({
      'clusters/home/cluster.yaml': parentWithPatches,
      'clusters/home/settings.yaml': settings,
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/web.yaml': ingress('web.${DOMAIN}'),
      'apps/secret.sops.yaml': sopsSecret('apps', 'db'),
    });
    expect(ids(files)).toEqual([]);
  });

  it('without the patch the same child has both, and substituteFrom is offered from the repo’s precedent', () => {
    const files = repo({
      'clusters/home/infra.yaml': fluxKustomization(
        'infra',
        './infra',
        'postBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: cluster-settings}\n',
      ),
      'clusters/home/settings.yaml': settings,
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/web.yaml': ingress('web.${DOMAIN}'),
      'apps/secret.sops.yaml': sopsSecret('apps', 'db'),
      'infra/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: infra}\n',
    });
    const found = analyzeRepo(files);
    expect(found.map((f) => [f.id, f.fixable])).toEqual([
      ['flux-sops-without-decryption/Kustomization/flux-system/apps', true],
      ['flux-unresolved-substitution/Kustomization/flux-system/apps', true],
    ]);
    expect(found[1]?.evidence).toEqual({
      variables: ['DOMAIN'],
      files: ['apps/web.yaml'],
      sources: [{ kind: 'ConfigMap', name: 'cluster-settings' }],
    });
  });

  it('a patch that targets other objects by name does not count', () => {
    const patched = parentWithPatches.replace(
      /(target:\n\s+group: \S+\n(\s+)kind: Kustomization)/,
      '$1\n$2name: infra-.*',
    );
    expect(patched).toContain('name: infra-.*');
    const files = repo({
      'clusters/home/cluster.yaml': patched,
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/secret.sops.yaml': sopsSecret('apps', 'db'),
    });
    expect(ids(files)).toEqual(['flux-sops-without-decryption/Kustomization/flux-system/apps']);
  });

  it('JSON 6902 patches apply too', () => {
    const json6902 = fluxKustomization(
      'cluster',
      './clusters/home',
      `
      patches:
        - patch: |
            - op: add
              path: /spec/decryption
              value: {provider: sops, secretRef: {name: sops-age}}
          target: {kind: Kustomization}
      `,
    );
    const files = repo({
      'clusters/home/cluster.yaml': json6902,
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/secret.sops.yaml': sopsSecret('apps', 'db'),
    });
    expect(ids(files)).toEqual([]);
  });
});

describe('flux-unresolved-substitution', () => {
  it('skips objects with kustomize.toolkit.fluxcd.io/substitute: disabled, escaped $${VAR} and defaults', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps', 'postBuild:\n  substitute: {A: "1"}\n'),
      'apps/off.yaml': ingress('web.${MISSING}', ', annotations: {kustomize.toolkit.fluxcd.io/substitute: disabled}'),
      'apps/esc.yaml': ingress('web.$${ESCAPED}').replace('name: web', 'name: esc'),
      'apps/def.yaml': ingress('web.${WITH_DEFAULT:=example.net}').replace('name: web', 'name: def'),
    });
    expect(ids(files)).toEqual([]);
  });

  it('with a postBuild, reports what no source defines (Flux would substitute an empty string)', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization(
        'apps',
        './apps',
        'postBuild:\n  substitute: {A: "1"}\n  substituteFrom:\n    - {kind: ConfigMap, name: cluster-settings}\n',
      ),
      'clusters/home/settings.yaml': settings,
      'apps/web.yaml': ingress('${A}.${DOMAIN}.${NOPE}'),
    });
    const [found] = analyzeRepo(files);
    expect(found).toMatchObject({ severity: 'medium', fixable: false, evidence: { variables: ['NOPE'] } });
  });

  it('says nothing when a source is not in the repo (it may define anything), nor without substitution precedent', () => {
    const external = repo({
      'clusters/home/apps.yaml': fluxKustomization(
        'apps',
        './apps',
        'postBuild:\n  substituteFrom:\n    - {kind: Secret, name: made-by-hand}\n',
      ),
      'apps/web.yaml': ingress('${ANYTHING}'),
    });
    const shellScript = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/script.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s, namespace: a}\ndata: {run.sh: "echo ${HOME}"}\n',
    });
    expect(ids(external)).toEqual([]);
    expect(ids(shellScript)).toEqual([]);
  });
});
