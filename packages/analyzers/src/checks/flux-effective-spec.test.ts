// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of these tests
import { describe, expect, it } from 'vitest';
import { buildAnalysisContext } from '../analysis-context';
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

  it("leaves a CRD's schema alone: its descriptions show the syntax, as Flux's own do", () => {
    const crd = dedent(`
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.io}
      spec:
        group: example.io
        names: {kind: Widget, plural: widgets}
        scope: Namespaced
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                description: Variables are written \${var:position} or \${var/old/new}.
                type: object
    `);
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps', 'postBuild:\n  substitute: {A: "1"}\n'),
      'apps/crd.yaml': crd,
    });
    expect(ids(files)).toEqual([]);
    // The same text in a ConfigMap is substituted.
    files.set('apps/crd.yaml', crd.replace('kind: CustomResourceDefinition', 'kind: ConfigMap'));
    expect(ids(files).filter((id) => id.startsWith('flux-unresolved-substitution/'))).toHaveLength(1);
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

  it("leaves a shared component's namespace variable alone where each app's kustomization sets the namespace", () => {
    // Two apps, each its own Flux Kustomization, include one component: its object gets each app's namespace.
    const files = (namespace: (app: string) => string) =>
      repo({
        ...Object.fromEntries(
          ['media', 'home'].flatMap((app) => [
            [
              `clusters/home/${app}.yaml`,
              fluxKustomization(
                app,
                `./apps/${app}`,
                'postBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: cluster-settings}\n',
              ),
            ],
            [
              `apps/${app}/kustomization.yaml`,
              `${namespace(app)}resources: [web.yaml]\ncomponents: [../../components/common]\n`,
            ],
            [`apps/${app}/web.yaml`, ingress(`${app}.\${DOMAIN}`)],
          ]),
        ),
        'clusters/home/settings.yaml': settings,
        'components/common/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [limits.yaml]\n',
        'components/common/limits.yaml':
          'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\n  namespace: ${NAMESPACE}\nspec: {limits: []}\n',
      });
    const unresolved = (set: Map<string, string>) =>
      ids(set).filter((id) => id.startsWith('flux-unresolved-substitution/'));
    // kustomize writes each app's namespace over it before Flux substitutes: no `${NAMESPACE}` is left.
    expect(unresolved(files((app) => `namespace: ${app}\n`))).toEqual([]);
    // Without them, Flux would substitute an empty namespace, in both.
    expect(unresolved(files(() => ''))).toHaveLength(2);
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

  it('reads only the sources something deploys, and a Secret an ExternalSecret makes with the keys its template lists', () => {
    // A parent patches every child to substitute from Secret site-vars. The repo has a stale SOPS copy of it that no
    // kustomization.yaml lists (without the key), and the deployed ExternalSecret that makes the real one.
    const parent = fluxKustomization(
      'cluster',
      './clusters/home',
      `
      patches:
        - patch: |-
            - op: add
              path: /spec/postBuild
              value: {substituteFrom: [{kind: Secret, name: site-vars, optional: true}]}
          target: {kind: Kustomization}
      `,
    );
    const externalSecret = (keys: string) =>
      dedent(`
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: site-vars, namespace: flux-system}
        spec:
          secretStoreRef: {kind: ClusterSecretStore, name: vault}
          target:
            template:
              data: {${keys}}
          data:
            - {secretKey: store_token, remoteRef: {key: site}}
      `);
    const files = (keys: string) =>
      repo({
        'clusters/home/cluster.yaml': parent,
        'clusters/home/secrets.yaml': fluxKustomization('secrets', './secrets'),
        'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
        'secrets/kustomization.yaml': 'resources: [site-vars.yaml]\n',
        'secrets/site-vars.yaml': externalSecret(keys),
        'secrets/stale/kustomization.yaml': 'resources: [other.sops.yaml]\n',
        'secrets/stale/site-vars.sops.yaml': sopsSecret('flux-system', 'site-vars'),
        'apps/web.yaml': ingress('web.${SITE_DOMAIN}'),
      });
    expect(ids(files('SITE_DOMAIN: "{{ .domain }}"'))).toEqual([]);
    // The template lacks the key: Flux substitutes an empty string, and the check says so.
    expect(ids(files('OTHER: "{{ .x }}"'))).toEqual(['flux-unresolved-substitution/Kustomization/flux-system/apps']);
    // One that reads the store's whole entry (dataFrom) may define anything.
    const open = files('OTHER: "{{ .x }}"');
    open.set(
      'secrets/site-vars.yaml',
      open.get('secrets/site-vars.yaml')!.replace('  data:\n', '  dataFrom:\n    - extract: {key: site}\n  data:\n'),
    );
    expect(ids(open)).toEqual([]);
  });

  it('takes each cluster’s own copy of a source that several clusters of one repo declare under the same name', () => {
    // Two clusters, each with a cluster-settings of its own (no namespace in the file: kustomize gives it one), and
    // each cluster's apps read theirs. Only the second cluster's app uses a variable its own copy lacks.
    const cluster = (name: string, keys: string) => ({
      [`${name}/flux/sync.yaml`]: fluxKustomization('cluster-root', `./${name}/flux`),
      [`${name}/flux/apps.yaml`]: fluxKustomization(
        'cluster-apps',
        `./${name}/apps`,
        'postBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: cluster-settings}\n',
      ),
      // Applied by the cluster's root, beside the apps Kustomization that reads it.
      [`${name}/flux/settings.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-settings}\ndata: {${keys}}\n`,
      [`${name}/apps/kustomization.yaml`]: 'resources: [web.yaml]\n',
    });
    const files = repo({
      ...cluster('main', 'DOMAIN: main.example, TZ: UTC'),
      ...cluster('edge', 'DOMAIN: edge.example'),
      'main/apps/web.yaml': ingress('web.${DOMAIN}.${TZ}'),
      'edge/apps/web.yaml': ingress('web.${DOMAIN}.${TZ}'),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'flux-unresolved-substitution');
    // Both clusters name their root cluster-root and their apps cluster-apps: each is told apart by what it builds.
    expect(found.map((f) => [f.file, f.evidence?.variables])).toEqual([['edge/flux/apps.yaml', ['TZ']]]);
  });

  it('ignores a variable in metadata.namespace when spec.targetNamespace replaces it before substitution', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization(
        'apps',
        './apps',
        'targetNamespace: web\npostBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: cluster-settings}\n',
      ),
      'clusters/home/settings.yaml': settings,
      'apps/web.yaml': ingress('web.${DOMAIN}').replace('namespace: apps', 'namespace: "${APP_NAMESPACE}"'),
    });
    expect(analyzeRepo(files).filter((f) => f.check === 'flux-unresolved-substitution')).toEqual([]);
    const untargeted = new Map(files);
    untargeted.set(
      'clusters/home/apps.yaml',
      files.get('clusters/home/apps.yaml')!.replace('  targetNamespace: web\n', ''),
    );
    expect(analyzeRepo(untargeted).filter((f) => f.check === 'flux-unresolved-substitution')).toHaveLength(1);
  });

  it('says nothing of a Kustomization nothing applies: it substitutes nothing, and a parent could patch in its sources', () => {
    const files = repo({
      'clusters/home/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/home'),
      'clusters/home/settings.yaml': settings,
      // Switched off: in no list, so no parent patches its postBuild and Flux never builds it.
      'parked/apps.yaml': fluxKustomization(
        'parked',
        './parked/app',
        'postBuild:\n  substituteFrom:\n    - {kind: ConfigMap, name: cluster-settings}\n',
      ),
      'parked/app/web.yaml': ingress('web.${CLUSTER_NAME}'),
    });
    expect(analyzeRepo(files).filter((f) => f.check === 'flux-unresolved-substitution')).toEqual([]);
    // Listed by the cluster, the same Kustomization is judged.
    const listed = new Map(files);
    listed.set('clusters/home/kustomization.yaml', 'resources: [settings.yaml, ../../parked/apps.yaml]\n');
    expect(analyzeRepo(listed).filter((f) => f.check === 'flux-unresolved-substitution')).toHaveLength(1);
  });

  it('says nothing when a kustomize Component patches postBuild sources into the Kustomizations it builds', () => {
    const app = fluxKustomization('web', './apps/web/app', 'postBuild:\n  substitute: {APP: web}\n');
    const files = repo({
      'clusters/home/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/home'),
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'components: [../components/vars]\nresources: [web/ks.yaml]\n',
      'components/vars/kustomization.yaml': dedent(`
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        patches:
          - target: {group: kustomize.toolkit.fluxcd.io, kind: Kustomization}
            patch: |
              apiVersion: kustomize.toolkit.fluxcd.io/v1
              kind: Kustomization
              metadata: {name: any}
              spec: {postBuild: {substituteFrom: [{kind: Secret, name: site-vars}]}}
      `),
      'apps/web/ks.yaml': app,
      'apps/web/app/web.yaml': ingress('web.${DOMAIN}'),
    });
    expect(analyzeRepo(files).filter((f) => f.check === 'flux-unresolved-substitution')).toEqual([]);
    // Without the Component, the same variable is reported.
    const alone = new Map(files);
    alone.set('apps/kustomization.yaml', 'resources: [web/ks.yaml]\n');
    expect(analyzeRepo(alone).filter((f) => f.check === 'flux-unresolved-substitution')).toHaveLength(1);
  });
});

describe('kustomize patches of Flux Kustomizations', () => {
  /**
   * A fleet's cluster folder: its kustomization.yaml lists the shared Flux Kustomizations as resources, patches one of
   * them by name with a file that holds only what this cluster changes, and patches every one with defaults.
   */
  const fleet = (defaults: string) =>
    repo({
      'clusters/east/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/east'),
      'clusters/east/kustomization.yaml': dedent(`
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - flux-system/sync.yaml
          - ../../shared/shop.yaml
        patches:
          - path: ../../shared/east/shop-patch.yaml
          - path: ../../shared/defaults.yaml
            target:
              kind: Kustomization
              annotationSelector: fleet.example/defaults != off
      `),
      'shared/shop.yaml': fluxKustomization('shop', './shop/base'),
      // Only the fields this cluster changes: no spec.path of its own, never applied as it is.
      'shared/east/shop-patch.yaml': dedent(`
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: shop, namespace: flux-system}
        spec:
          path: ./shop/east
      `),
      'shared/defaults.yaml': defaults,
      'shop/base/deploy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: base, namespace: shop}\n',
      'shop/east/kustomization.yaml': 'resources: [secret.sops.yaml]\n',
      'shop/east/secret.sops.yaml': sopsSecret('shop', 'db'),
    });
  const decryptionDefaults = dedent(`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata: {name: any}
    spec:
      decryption: {provider: sops, secretRef: {name: sops-age}}
  `);

  it('a fragment listed under patches is no Kustomization, and the patches make the one the cluster gets', () => {
    const files = fleet(decryptionDefaults);
    const { flux } = buildAnalysisContext(files).context;
    expect(flux.kustomizations.map((k) => [k.document.file, k.path, k.decryption?.secretName])).toEqual([
      ['clusters/east/flux-system/sync.yaml', 'clusters/east', 'sops-age'],
      ['shared/shop.yaml', 'shop/east', 'sops-age'],
    ]);
    expect(flux.deployment?.placement('shop/east/secret.sops.yaml')).toEqual({
      deployedBy: 'flux-system/shop',
    });
    expect(flux.deployment?.placement('shop/base/deploy.yaml')).toMatchObject({ notDeployed: expect.any(String) });
    expect(ids(files)).toEqual([]);
  });

  it('without the defaults the cluster’s shop has no decryption, and it is reported once, on the real Kustomization', () => {
    const files = fleet(decryptionDefaults.replace(/decryption: .*/, 'timeout: 5m'));
    expect(files.get('shared/defaults.yaml')).toContain('timeout: 5m');
    expect(analyzeRepo(files).map((f) => [f.id, f.file])).toEqual([
      ['flux-sops-without-decryption/Kustomization/flux-system/shop', 'shared/shop.yaml'],
    ]);
  });
  it('patches the inner build first: a cluster’s own values win over the defaults its base patches in', () => {
    const variables = (values: string) => `postBuild:\n  substitute:\n${values}`;
    const files = repo({
      'fleet/root.yaml': fluxKustomization('flux-system', './clusters/${REGION}'),
      'fleet/app.yaml': fluxKustomization('app', './app/${REGION}'),
      'fleet/defaults.yaml': dedent(`
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: any}
        spec:
          postBuild:
            substitute: {REGION: "\${REGION}"}
      `),
      'fleet/east.yaml': fluxKustomization('flux-system', './clusters/east', variables('    REGION: east\n')),
      // The outer kustomization first: the order of the files says nothing of which build includes which.
      'clusters/east/kustomization.yaml': 'resources: [base]\npatches:\n  - path: ../../fleet/east.yaml\n',
      'clusters/east/base/kustomization.yaml': dedent(`
        resources: [../../../fleet/root.yaml, ../../../fleet/app.yaml]
        patches:
          - path: ../../../fleet/defaults.yaml
            target: {kind: Kustomization}
      `),
      'app/east/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: east, namespace: app}\n',
    });
    const { flux } = buildAnalysisContext(files).context;
    expect(flux.kustomizations.map((k) => [k.ref.name, k.path])).toEqual([
      ['app', 'app/east'],
      ['flux-system', 'clusters/east'],
    ]);
    expect(flux.deployment?.placement('app/east/config.yaml')).toEqual({ deployedBy: 'flux-system/app' });
  });
  it('a root that several clusters share and patch is one Kustomization per cluster, and so are the children it substitutes', () => {
    const cluster = (name: string) => ({
      [`clusters/${name}/kustomization.yaml`]:
        'resources: [../../fleet/root.yaml, ../../fleet/shop.yaml, secret.sops.yaml]\npatches:\n  - path: root-patch.yaml\n',
      [`clusters/${name}/secret.sops.yaml`]: sopsSecret('flux-system', `${name}-keys`),
      [`clusters/${name}/root-patch.yaml`]: fluxKustomization(
        'flux-system',
        `./clusters/${name}`,
        `postBuild:\n  substitute: {CLUSTER: ${name}}\n`,
      ),
      [`shop/${name}/config.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\n`,
    });
    const files = repo({
      'fleet/root.yaml': fluxKustomization('flux-system', './clusters/${CLUSTER}'),
      'fleet/shop.yaml': fluxKustomization('shop', './shop/${CLUSTER}'),
      ...cluster('east'),
      ...cluster('west'),
    });
    const { flux } = buildAnalysisContext(files).context;
    expect(flux.kustomizations.map((k) => [k.ref.name, k.path])).toEqual([
      ['flux-system', 'clusters/east'],
      ['flux-system', 'clusters/west'],
      ['shop', 'shop/east'],
    ]);
    // The shop is built once per cluster: each cluster's folder is deployed by it.
    expect(flux.kustomizations[2]?.builtFiles).toEqual(['shop/east/config.yaml', 'shop/west/config.yaml']);
    for (const name of ['east', 'west']) {
      expect(flux.deployment?.placement(`shop/${name}/config.yaml`)).toEqual({ deployedBy: 'flux-system/shop' });
    }
    // Each cluster's own files are deployed by its variant of the root, named by the path it builds.
    expect(flux.deployment?.placement('clusters/west/secret.sops.yaml')).toEqual({
      deployedBy: 'flux-system/flux-system (fleet/root.yaml, path ./clusters/west)',
    });
    // Both clusters' roots lack decryption: the problem of the one file is reported once.
    expect(ids(files)).toEqual(['flux-sops-without-decryption/Kustomization/flux-system/flux-system']);
  });
  it('rewrites a Kustomization’s path with the replacements of the kustomization that builds it', () => {
    const files = repo({
      'clusters/prod/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/prod'),
      'clusters/prod/kustomization.yaml': dedent(`
        resources: [../base, flux-system/sync.yaml]
        patches:
          - patch: |
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: site-settings}
              data: {provider: metal}
        replacements:
          - source: {kind: ConfigMap, name: site-settings, fieldPath: data.provider}
            targets:
              - select: {kind: Kustomization}
                reject: [{name: flux-system}]
                fieldPaths: [spec.path]
                options: {delimiter: /, index: 2}
      `),
      'clusters/base/kustomization.yaml': 'resources: [settings.yaml, apps.yaml]\n',
      'clusters/base/settings.yaml': dedent(`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: site-settings
          annotations: {config.kubernetes.io/local-config: "true"}
        data: {provider: none}
      `),
      'clusters/base/apps.yaml': fluxKustomization('apps', './providers/__PROVIDER__/apps'),
      'providers/metal/apps/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: web}\n',
    });
    const { flux } = buildAnalysisContext(files).context;
    expect(flux.kustomizations.map((k) => [k.ref.name, k.path])).toEqual([
      ['apps', 'providers/metal/apps'],
      ['flux-system', 'clusters/prod'],
    ]);
    expect(flux.deployment?.placement('providers/metal/apps/config.yaml')).toEqual({ deployedBy: 'flux-system/apps' });
  });
  it('takes every Git source of the repository’s own URL as this repository, whichever ref each follows', () => {
    const root = (name: string, url: string, ref: string) =>
      dedent(`
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: site-${name}, namespace: flux-system}
        spec: {url: "${url}", ref: {${ref}}}
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: core-${name}, namespace: flux-system}
        spec:
          path: ./apps/${name}
          sourceRef: {kind: GitRepository, name: site-${name}}
      `);
    const files = repo({
      'deploy/prod.yaml': root('prod', 'https://git.example.org/team/site.git', 'semver: 2026.x'),
      'deploy/exp.yaml': root('exp', 'ssh://git@git.example.org/team/site', 'branch: main-validated'),
      'apps/prod/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: prod, namespace: site}\n',
      'apps/exp/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: exp, namespace: site}\n',
    });
    const { flux } = buildAnalysisContext(files).context;
    expect(flux.deployment?.placement('apps/prod/config.yaml')).toEqual({ deployedBy: 'flux-system/core-prod' });
    expect(flux.deployment?.placement('apps/exp/config.yaml')).toEqual({ deployedBy: 'flux-system/core-exp' });
    // Another repository's source stays another's.
    const other = new Map(files);
    other.set('deploy/exp.yaml', root('exp', 'https://git.example.org/team/other.git', 'branch: main'));
    const placed = buildAnalysisContext(other).context.flux.deployment;
    expect([placed?.placement('apps/prod/config.yaml'), placed?.placement('apps/exp/config.yaml')]).toContainEqual({
      notDeployed: expect.stringMatching(/not this repository/),
    });
  });
  it('names a Kustomization that clusters share by name with its file alone, though its file declares others too', () => {
    const cluster = (name: string) => ({
      [`${name}/flux/sync.yaml`]: fluxKustomization('flux-system', `./${name}/flux`),
      [`${name}/flux/apps.yaml`]: `${fluxKustomization('web', `./${name}/web`)}---\n${fluxKustomization('db', `./${name}/db`)}`,
      [`${name}/web/config.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: ${name}}\n`,
    });
    const { flux } = buildAnalysisContext(repo({ ...cluster('north'), ...cluster('south') })).context;
    expect(flux.deployment?.placement('north/web/config.yaml')).toEqual({
      deployedBy: 'flux-system/web (north/flux/apps.yaml)',
    });
  });
  it('takes a cluster bootstrapped by hand as a root, though another cluster of the repository syncs itself', () => {
    const source = (name: string) =>
      dedent(`
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: ${name}, namespace: flux-system}
        spec: {url: "https://git.example.org/team/fleet.git", ref: {branch: main}}
      `);
    const files = repo({
      // alpha syncs itself, as flux bootstrap sets it up.
      'alpha/flux-system/gotk-sync.yaml': `${source('flux-system')}---\n${fluxKustomization('flux-system', './alpha')}`,
      // beta is applied with `kubectl apply -k beta/bootstrap`: its source and the Kustomization that builds the rest.
      'beta/bootstrap/kustomization.yaml': 'resources: [source.yaml, deploy.yaml]\n',
      'beta/bootstrap/source.yaml': source('fleet'),
      'beta/bootstrap/deploy.yaml': fluxKustomization('beta-deploy', './beta/apps').replace(
        'name: flux-system\n',
        'name: fleet\n',
      ),
      'beta/apps/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: beta, namespace: beta}\n',
      // A Kustomization nothing applies stays so.
      'beta/old/stale.yaml': fluxKustomization('stale', './beta/unused'),
    });
    expect(files.get('beta/bootstrap/deploy.yaml')).toContain('name: fleet');
    const placed = buildAnalysisContext(files).context.flux.deployment;
    expect(placed?.placement('beta/apps/config.yaml')).toEqual({ deployedBy: 'flux-system/beta-deploy' });
    expect(placed?.placement('beta/old/stale.yaml')).toMatchObject({ notDeployed: expect.any(String) });
  });
  it('takes no Kustomization for a root that the root Kustomization’s own build leaves out, though it syncs no file of its own', () => {
    const files = repo({
      // The root builds ./clusters/lab, whose kustomization lists apps/ but not flux-system/: nothing syncs itself.
      'clusters/lab/flux-system/sync.yaml': fluxKustomization('flux-system', './clusters/lab'),
      'clusters/lab/flux-system/kustomization.yaml': 'resources: [sync.yaml]\n',
      'clusters/lab/kustomization.yaml': 'resources: [apps]\n',
      // The owner switched one app off by leaving it out of the list.
      'clusters/lab/apps/kustomization.yaml': 'resources: [web.yaml]\n# - retired.yaml\n',
      'clusters/lab/apps/web.yaml': fluxKustomization('web', './apps/web'),
      'clusters/lab/apps/retired.yaml': fluxKustomization('retired', './apps/retired'),
      'apps/web/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: web}\n',
      'apps/retired/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: retired, namespace: old}\n',
    });
    const placed = buildAnalysisContext(files).context.flux.deployment;
    expect(placed?.placement('apps/web/config.yaml')).toEqual({ deployedBy: 'flux-system/web' });
    expect(placed?.placement('apps/retired/config.yaml')).toEqual({
      notDeployed:
        'built by Flux Kustomization flux-system/retired, which nothing deploys: not listed in clusters/lab/apps/kustomization.yaml',
    });
  });
  it('names an object in the namespace kustomize or Flux applies it to, not as its file leaves it', () => {
    const web = (name: string, namespace = '') =>
      dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
        spec: {template: {spec: {containers: [{name: app, image: "nginx:1", securityContext: {privileged: true}}]}}}
      `);
    const files = repo({
      'clusters/home/flux/sync.yaml': fluxKustomization('flux-system', './clusters/home/flux'),
      'clusters/home/flux/apps.yaml': [
        fluxKustomization('media', './apps/media'),
        fluxKustomization(
          'tools',
          './apps/tools',
          'targetNamespace: ${TOOLS_NS}\npostBuild:\n  substitute: {TOOLS_NS: ops}\n',
        ),
        fluxKustomization('raw', './apps/raw'),
      ].join('---\n'),
      // kustomize's outer namespace wins over an inner one and over the file's own.
      'apps/media/kustomization.yaml': 'namespace: media\nresources: [player, web.yaml]\n',
      'apps/media/web.yaml': web('gallery', 'wrong'),
      'apps/media/player/kustomization.yaml': 'namespace: inner\nresources: [player.yaml, role.yaml]\n',
      'apps/media/player/player.yaml': web('player'),
      'apps/media/player/role.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: player-read}\nrules: []\n',
      'apps/tools/shell.yaml': web('shell'),
      // Applied as written: no namespace is known, and none is made up.
      'apps/raw/probe.yaml': web('probe'),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'privileged-container');
    expect(found.map((f) => f.id).sort()).toEqual([
      'privileged-container/Deployment/_/probe/app',
      'privileged-container/Deployment/media/gallery/app',
      'privileged-container/Deployment/media/player/app',
      'privileged-container/Deployment/ops/shell/app',
    ]);
    // An overlay that includes a base from elsewhere names its objects too; a name kustomize cannot have is not one.
    const overlay = repo({
      'clusters/one/apps.yaml': fluxKustomization('apps', './apps/overlays/one'),
      'apps/base/web/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'apps/base/web/deployment.yaml': web('web'),
      'apps/overlays/one/kustomization.yaml': 'namespace: shop\nresources: [../../base/web]\n',
      'clusters/two/apps.yaml': fluxKustomization('odd', './odd', 'targetNamespace: _\n'),
      'odd/deployment.yaml': web('odd'),
    });
    expect(
      analyzeRepo(overlay)
        .filter((f) => f.check === 'privileged-container')
        .map((f) => f.id)
        .sort(),
    ).toEqual(['privileged-container/Deployment/_/odd/app', 'privileged-container/Deployment/shop/web/app']);
    expect(found.find((f) => f.resource.name === 'player')?.message).toMatch(
      /^Container app of Deployment media\/player runs privileged/,
    );
    const { context } = buildAnalysisContext(files);
    const role = context.documents.find((d) => d.file === 'apps/media/player/role.yaml');
    expect(role?.object).toMatchObject({ metadata: { name: 'player-read' } });
    expect(role?.object).not.toHaveProperty(['metadata', 'namespace']);
  });
  it('reports a kustomization that lists a base not in the repository, not one the analysis could not read', () => {
    const files = repo({
      'clusters/lab/apps.yaml': fluxKustomization('apps', './apps/lab'),
      'apps/lab/kustomization.yaml': 'resources:\n  - ../base/hello\n  - ../base/gone\n  - big.yaml\n  - .gitkeep\n',
      'apps/base/hello/kustomization.yaml': 'resources: [config.yaml]\n',
      'apps/base/hello/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hello, namespace: lab}\n',
      // Nothing deploys this one: its broken list breaks no build Flux runs.
      'attic/kustomization.yaml': 'resources: [gone.yaml]\n',
    });
    const found = (unreadable: string[]) =>
      analyzeRepo(files, { unreadable })
        .filter((f) => f.check === 'kustomize-resource-missing')
        .map((f) => [f.file, f.line, f.evidence?.entry, f.severity]);
    expect(found(['apps/lab/big.yaml'])).toEqual([['apps/lab/kustomization.yaml', 3, '../base/gone', 'high']]);
    // A file skipped as too large is not missing; told nothing, the analysis takes it for missing.
    expect(found([]).map(([, , entry]) => entry)).toEqual(['../base/gone', 'big.yaml']);
  });
  it('reports a Kustomization whose path holds no manifests, not one Flux fills from a variable or suspends', () => {
    const files = repo({
      'clusters/home/sync.yaml': fluxKustomization('flux-system', './clusters/home'),
      'clusters/home/apps.yaml': [
        fluxKustomization('web', './apps/web'),
        fluxKustomization('typo', './apps/wbe'),
        fluxKustomization('per-cluster', './apps/${CLUSTER}', 'postBuild:\n  substitute: {CLUSTER: home}\n'),
        fluxKustomization('parked', './apps/parked', 'suspend: true\n'),
      ].join('---\n'),
      'apps/web/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: web}\n',
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'flux-path-missing');
    expect(found.map((f) => [f.id, f.severity, f.deployedBy])).toEqual([
      ['flux-path-missing/Kustomization/flux-system/typo', 'high', 'flux-system/flux-system'],
    ]);
    expect(found[0]?.message).toMatch(
      /^Flux Kustomization flux-system\/typo builds \.\/apps\/wbe, which holds no YAML file/,
    );
    // A cluster moved to an archive folder, once applied by hand with its source: its path is gone, so it roots nothing.
    const archived = new Map([
      ...files,
      ['.archive/old/kustomization.yaml', 'resources: [source.yaml, root.yaml]\n'],
      [
        '.archive/old/source.yaml',
        'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "https://git.example.org/lab.git", ref: {branch: main}}\n',
      ],
      ['.archive/old/root.yaml', fluxKustomization('old-root', './clusters/old')],
    ]);
    const old = analyzeRepo(archived).find((f) => f.id === 'flux-path-missing/Kustomization/flux-system/old-root');
    expect(old).toMatchObject({ severity: 'info', notDeployed: expect.any(String) });
  });
  it('leaves an object alone that its kustomization marks to be left out of substitution (a patch, commonAnnotations)', () => {
    const dashboard = dedent(`
      apiVersion: grafana.integreatly.org/v1beta1
      kind: GrafanaDashboard
      metadata: {name: board, namespace: observability}
      spec:
        json: '{"datasource": "\${DS_METRICS}"}'
    `);
    const marking = {
      none: '',
      patch: dedent(`
        patches:
          - target: {kind: GrafanaDashboard, name: board}
            patch: |-
              - op: add
                path: /metadata/annotations
                value:
                  kustomize.toolkit.fluxcd.io/substitute: disabled
      `),
      common: 'commonAnnotations:\n  kustomize.toolkit.fluxcd.io/substitute: disabled\n',
    };
    const found = (how: keyof typeof marking) =>
      ids(
        repo({
          'clusters/home/apps.yaml': fluxKustomization(
            'board',
            './apps/board',
            'postBuild:\n  substitute: {CLUSTER: home}\n',
          ),
          'apps/board/kustomization.yaml': `resources: [dashboard.yaml]\n${marking[how]}`,
          'apps/board/dashboard.yaml': dashboard,
        }),
      );
    expect(found('none')).toEqual(['flux-unresolved-substitution/Kustomization/flux-system/board']);
    expect(found('patch')).toEqual([]);
    expect(found('common')).toEqual([]);
  });
  it('says how many Kustomizations apply a file they share (a Component every app includes)', () => {
    const app = (name: string) => ({
      [`clusters/home/${name}.yaml`]: fluxKustomization(
        name,
        `./apps/${name}`,
        'components: [../../components/backup]\n',
      ),
      [`apps/${name}/config.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: apps}\n`,
    });
    const files = repo({
      'clusters/home/sync.yaml': fluxKustomization('flux-system', './clusters/home'),
      ...app('notes'),
      ...app('photos'),
      'components/backup/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [job.yaml]\n',
      'components/backup/job.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: backup, namespace: apps}\n',
    });
    const placed = buildAnalysisContext(files).context.flux.deployment;
    expect(placed?.placement('components/backup/job.yaml')).toEqual({
      deployedBy: expect.stringMatching(/^flux-system\/(notes|photos) and 1 more$/),
    });
    expect(placed?.placement('apps/photos/config.yaml')).toEqual({ deployedBy: 'flux-system/photos' });
  });
  it('judges a HelmRelease patch file by the release it patches, not as a release that leaves out its storage', () => {
    const base = dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: metrics, namespace: monitoring}
      spec:
        chart: {spec: {chart: kube-prometheus-stack, version: 70.0.0, sourceRef: {kind: HelmRepository, name: community}}}
        values:
          grafana: {persistence: {enabled: true}}
          prometheus:
            prometheusSpec:
              storageSpec: {volumeClaimTemplate: {spec: {resources: {requests: {storage: 50Gi}}}}}
          alertmanager:
            alertmanagerSpec:
              storage: {volumeClaimTemplate: {spec: {resources: {requests: {storage: 1Gi}}}}}
    `);
    const files = repo({
      'clusters/home/monitoring.yaml': fluxKustomization('monitoring', './monitoring/prod'),
      'monitoring/base/kustomization.yaml': 'resources: [release.yaml]\n',
      'monitoring/base/release.yaml': base,
      'monitoring/prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: values.yaml\n',
      'monitoring/prod/values.yaml': dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: metrics, namespace: monitoring}
        spec:
          chart: {spec: {chart: kube-prometheus-stack, version: 71.0.0}}
          values:
            prometheus: {prometheusSpec: {retention: 30d}}
      `),
    });
    expect(analyzeRepo(files).filter((f) => f.check === 'emptydir-stateful-data')).toEqual([]);
  });

  it('reads a Flux operator sync path that names its cluster by a variable as the one folder it can be', () => {
    const files = repo({
      'kubernetes/apps/flux-system/instance.yaml': dedent(`
        apiVersion: fluxcd.controlplane.io/v1
        kind: FluxInstance
        metadata: {name: flux, namespace: flux-system}
        spec:
          sync: {kind: GitRepository, url: "https://git.example.org/home.git", ref: refs/heads/main, path: "kubernetes/clusters/\${CLUSTER}/bootstrap"}
      `),
      'kubernetes/clusters/attic/bootstrap/kustomization.yaml': 'resources: [apps.yaml]\n',
      'kubernetes/clusters/attic/bootstrap/apps.yaml': fluxKustomization('apps', './kubernetes/apps'),
    });
    const placed = buildAnalysisContext(files).context.flux.deployment;
    expect(placed?.placement('kubernetes/apps/flux-system/instance.yaml')).toEqual({ deployedBy: 'flux-system/apps' });
  });
  it('takes no fragment without a source, no suspended Kustomization and no template as a root', () => {
    const files = repo({
      'clusters/home/sync.yaml': fluxKustomization('flux-system', './clusters/home'),
      // Merged into a Kustomization by a test script (yq): no source, no path.
      'local/patches/apps.yaml': dedent(`
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: apps, namespace: flux-system}
        spec:
          patches: [{patch: "- {op: add, path: /x, value: y}", target: {kind: Deployment}}]
      `),
      'local/secrets/test-secret.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: {name: t, namespace: t}\nstringData: {password: abcde}\n',
      // A preview template: suspended, its name holds a variable, and nothing lists its folder.
      'previews/branch.yaml': fluxKustomization('branch-${slug}', './previews', 'suspend: true\n'),
    });
    const placed = buildAnalysisContext(files).context.flux.deployment;
    expect(placed?.placement('local/secrets/test-secret.yaml')).toMatchObject({ notDeployed: expect.any(String) });
    expect(placed?.placement('previews/branch.yaml')).toMatchObject({ notDeployed: expect.any(String) });
  });
});
