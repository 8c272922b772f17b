// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of these tests
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, fluxKustomization, repo } from '../test-support/repo';

const configMap = (name: string, data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: flux-system}\ndata: {${data}}\n`;

const page = (name: string, host: string) =>
  dedent(`
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: ${name}, namespace: web}
    spec:
      rules: [{host: "${host}"}]
  `);

/** Keys held in a vault: the Secret it makes has keys the repository never shows. */
const vaultSecret = (name: string) =>
  dedent(`
    apiVersion: external-secrets.io/v1
    kind: ExternalSecret
    metadata: {name: ${name}, namespace: flux-system}
    spec:
      secretStoreRef: {kind: ClusterSecretStore, name: vault}
      target: {name: ${name}}
      dataFrom:
        - extract: {key: lab}
  `);

/**
 * One cluster: bootstrap syncs clusters/lab, which holds the lab-vars ConfigMap, the `tooling` Kustomization (where the
 * webhook goes) and `sites`, whose children are `shop` (no postBuild) and `journal` (an inline APP only).
 */
const lab = (sitesPostBuild = 'postBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: lab-vars}\n') => ({
  'clusters/lab/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
  'clusters/lab/vars.yaml': configMap('lab-vars', 'ZONE: lab.example, REGION: north'),
  'clusters/lab/tooling.yaml': fluxKustomization('tooling', './tooling', 'targetNamespace: flux-system\n'),
  'clusters/lab/sites.yaml': fluxKustomization('sites', './sites', sitesPostBuild),
  'sites/kustomization.yaml': 'resources: [shop/ks.yaml, journal/ks.yaml]\n',
  'sites/shop/ks.yaml': fluxKustomization('shop', './sites/shop/app'),
  'sites/shop/app/page.yaml': page('shop', 'shop.${ZONE}'),
  'sites/journal/ks.yaml': fluxKustomization(
    'journal',
    './sites/journal/app',
    'postBuild:\n  substitute: {APP: journal}\n',
  ),
  'sites/journal/app/page.yaml': page('journal', '${APP}.${MAIL_DOMAIN}'),
});

/**
 * The webhook as a chart from an OCIRepository, its values a ConfigMap kustomize generates from a file: it reads
 * lab-vars and lab-mail, a Secret an ExternalSecret makes.
 */
const webhookFromGeneratedValues = (values = 'configMaps:\n  - name: lab-vars\nsecrets:\n  - name: lab-mail\n') => ({
  'tooling/kustomization.yaml': dedent(`
    resources: [source.yaml, release.yaml, mail.yaml]
    configMapGenerator:
      - name: hook-values
        files: [values.yaml=hook-values.yaml]
  `),
  'tooling/source.yaml': dedent(`
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata: {name: var-hook}
    spec:
      url: oci://registry.example/charts/kustomize-mutating-webhook
      ref: {tag: 1.0.0}
  `),
  'tooling/release.yaml': dedent(`
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata: {name: var-hook}
    spec:
      interval: 1h
      chartRef: {kind: OCIRepository, name: var-hook}
      valuesFrom:
        - {kind: ConfigMap, name: hook-values}
  `),
  'tooling/hook-values.yaml': values,
  'tooling/mail.yaml': vaultSecret('lab-mail'),
});

const unresolved = (files: Map<string, string>) =>
  analyzeRepo(files)
    .filter((f) => f.check === 'flux-unresolved-substitution')
    .map((f) => [f.resource.name, f.severity, f.evidence?.variables]);

describe('a substitution webhook gives every Kustomization of its cluster its sources', () => {
  it('without the webhook, a Kustomization with no postBuild and one with only an inline variable are reported', () => {
    expect(unresolved(repo(lab()))).toEqual([
      ['shop', 'high', ['ZONE']],
      ['journal', 'medium', ['MAIL_DOMAIN']],
    ]);
  });

  it('with it (chart from an OCIRepository, values generated from a file), neither is: the webhook substitutes both', () => {
    expect(unresolved(repo({ ...lab(), ...webhookFromGeneratedValues() }))).toEqual([]);
  });

  it('also when no Kustomization syncs the cluster folder: those applied from it by hand are one cluster', () => {
    const files = repo({ ...lab(), ...webhookFromGeneratedValues() });
    files.delete('clusters/lab/flux-system/sync.yaml');
    expect(unresolved(files)).toEqual([]);
  });

  it('a variable none of its sources defines, when the repository shows all their keys, is still reported', () => {
    const files = repo({ ...lab(), ...webhookFromGeneratedValues('configMaps:\n  - name: lab-vars\n') });
    const [found, ...rest] = analyzeRepo(files).filter((f) => f.check === 'flux-unresolved-substitution');
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      resource: { name: 'journal' },
      severity: 'medium',
      evidence: { variables: ['MAIL_DOMAIN'] },
    });
    expect(found?.message).toContain("with those its cluster's substitution webhook adds");
  });

  it('reads the source list from inline values of a chart named in a HelmRepository chart spec', () => {
    const files = repo({
      ...lab(),
      'tooling/release.yaml': dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: var-hook, namespace: flux-system}
        spec:
          chart:
            spec:
              chart: kustomize-mutating-webhook
              sourceRef: {kind: HelmRepository, name: hooks}
          values:
            configMaps: [{name: lab-vars}, {name: lab-extra}]
      `),
      'tooling/extra.yaml': configMap('lab-extra', 'MAIL_DOMAIN: mail.lab.example'),
    });
    expect(unresolved(files)).toEqual([]);
  });

  it('a webhook whose source list the repository does not give makes every substitution unknowable', () => {
    const noList = repo({ ...lab(), ...webhookFromGeneratedValues('replicas: 2\n') });
    const plainDeployment = repo({
      ...lab(),
      'tooling/hook.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: var-hook, namespace: flux-system}
        spec:
          template:
            spec:
              containers:
                - name: hook
                  image: ghcr.io/example/kustomize-mutating-webhook:2.0@sha256:0123
      `),
    });
    expect(unresolved(noList)).toEqual([]);
    expect(unresolved(plainDeployment)).toEqual([]);
  });

  it('acts only in the cluster that deploys it, and not at all from a folder nothing applies', () => {
    const edge = Object.fromEntries(
      Object.entries(lab()).map(([path, text]) => [
        path.replace(/^clusters\/lab\//, 'clusters/edge/').replace(/^sites\//, 'edge-sites/'),
        text
          .replaceAll('./sites', './edge-sites')
          .replace('./clusters/lab', './clusters/edge')
          .replace('./tooling', './edge-tooling'),
      ]),
    );
    const files = repo({ ...lab(), ...webhookFromGeneratedValues(), ...edge });
    // The edge cluster's tooling folder has no webhook: its Kustomizations keep their findings.
    expect(unresolved(files)).toEqual([
      ['shop', 'high', ['ZONE']],
      ['journal', 'medium', ['MAIL_DOMAIN']],
    ]);
    const parked = Object.fromEntries(
      Object.entries(webhookFromGeneratedValues()).map(([path, text]) => [path.replace(/^tooling\//, 'parked/'), text]),
    );
    expect(unresolved(repo({ ...lab(), ...parked }))).toEqual([
      ['shop', 'high', ['ZONE']],
      ['journal', 'medium', ['MAIL_DOMAIN']],
    ]);
  });
});
