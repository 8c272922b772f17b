// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux variables are literal text in these manifests
import { describe, expect, it } from 'vitest';
import { type BuildSpec, buildKustomization } from './flux-build';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
const SOPS = `apiVersion: v1
kind: Secret
metadata: {name: s, namespace: app}
stringData: {token: "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]"}
sops:
  mac: "ENC[AES256_GCM,data:m=,type:str]"
  lastmodified: "2024-01-01T00:00:00Z"
  age: []
  version: 3.9.1
`;
const lookups = (values: Record<string, Record<string, string>> = {}) => ({
  namespace: 'flux-system',
  values: (kind: string, _ns: string, name: string) =>
    values[`${kind}/${name}`] ? new Map(Object.entries(values[`${kind}/${name}`] ?? {})) : undefined,
});
const decrypting: BuildSpec = { path: './app', decryption: { provider: 'sops', secretRef: { name: 'sops-age' } } };

describe('buildKustomization: the way Flux fails or succeeds on the common causes', () => {
  it('applies its spec.patches to the children it builds, selecting them with set-based label selectors', () => {
    const child = (name: string, labels: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system, labels: {${labels}}}\nspec: {path: ./${name}}\n`;
    const result = buildKustomization(
      files({
        'cluster/media.yaml': child('media', 'tier: apps'),
        'cluster/raw.yaml': child('raw', 'sops.example/off: "true"'),
      }),
      {
        path: './cluster',
        patches: [
          {
            patch:
              'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: any}\nspec:\n  decryption: {provider: sops, secretRef: {name: sops-age}}\n',
            target: { kind: 'Kustomization', labelSelector: 'sops.example/off notin (true)' },
          },
        ],
      },
      lookups(),
    );
    const objects = result.ok ? result.objects : [];
    expect(
      objects.map((o) => [(o.metadata as { name: string }).name, (o.spec as BuildSpec).decryption?.provider]),
    ).toEqual([
      ['media', 'sops'],
      ['raw', undefined],
    ]);
  });

  it('builds the resources of kustomization.yaml, substituting variables from a ConfigMap', () => {
    const result = buildKustomization(
      files({
        'app/kustomization.yaml': 'resources: [cm.yaml, ./sub]\n',
        'app/cm.yaml': 'kind: ConfigMap\nmetadata: {name: c, namespace: app}\ndata: {host: "x.${DOMAIN}"}\n',
        'app/sub/ns.yaml': 'kind: Namespace\nmetadata: {name: app}\n',
        'app/unlisted.yaml': 'kind: ConfigMap\nmetadata: {name: never}\n',
      }),
      { path: './app', postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'settings' }] } },
      lookups({ 'ConfigMap/settings': { DOMAIN: 'home.example.net' } }),
    );
    expect(result).toMatchObject({ ok: true });
    const objects = result.ok ? result.objects : [];
    expect(objects.map((o) => (o.metadata as { name: string }).name)).toEqual(['c', 'app']);
    expect(objects[0]).toMatchObject({ data: { host: 'x.home.example.net' } });
  });

  it('fails SOPS files without spec.decryption with a decryption error, before looking at variables', () => {
    const result = buildKustomization(
      files({ 'app/s.yaml': SOPS, 'app/i.yaml': 'kind: Ingress\nmetadata: {name: i}\nspec: {host: "${X}"}\n' }),
      { path: './app' },
      lookups(),
    );
    expect(result).toMatchObject({ ok: false, reason: 'ReconciliationFailed' });
    expect(result.ok ? '' : result.message).toMatch(
      /^Secret\/app\/s dry-run failed: .*spec\.decryption is not set.*decryption/,
    );
  });

  it('decrypts with spec.decryption when its key Secret exists, and fails the build when it does not', () => {
    const ok = buildKustomization(
      files({ 'app/s.yaml': SOPS }),
      decrypting,
      lookups({ 'Secret/sops-age': { key: 'k' } }),
    );
    expect(ok.ok && ok.objects[0]).toMatchObject({ kind: 'Secret', data: { token: expect.any(String) } });
    expect(ok.ok && 'sops' in (ok.objects[0] ?? {})).toBe(false);
    const missing = buildKustomization(files({ 'app/s.yaml': SOPS }), decrypting, lookups());
    expect(missing).toMatchObject({
      ok: false,
      reason: 'BuildFailed',
      message: expect.stringMatching(/decryption failed .*sops-age/),
    });
  });

  it('fails ${VAR} without postBuild, and a variable postBuild does not define', () => {
    const manifest = files({
      'app/i.yaml': 'kind: Ingress\nmetadata: {name: i, namespace: app}\nspec: {host: "a.${CLUSTER_DOMAIN}"}\n',
    });
    const without = buildKustomization(manifest, { path: './app' }, lookups());
    expect(without).toMatchObject({
      ok: false,
      reason: 'ReconciliationFailed',
      message: expect.stringContaining('${CLUSTER_DOMAIN}'),
    });
    const undefinedVar = buildKustomization(
      manifest,
      { path: './app', postBuild: { substitute: { OTHER: 'x' } } },
      lookups(),
    );
    expect(undefinedVar).toMatchObject({
      ok: false,
      reason: 'BuildFailed',
      message: expect.stringMatching(/variable not set.*CLUSTER_DOMAIN/),
    });
    const defaulted = buildKustomization(
      files({ 'app/c.yaml': 'kind: ConfigMap\nmetadata: {name: c}\ndata: {a: "${A:=fallback}"}\n' }),
      { path: './app', postBuild: {} },
      lookups(),
    );
    expect(defaulted.ok && defaulted.objects[0]).toMatchObject({ data: { a: 'fallback' } });
  });

  it('fails unparsable YAML and a missing kustomization resource with BuildFailed', () => {
    const broken = buildKustomization(
      files({ 'app/a.yaml': 'kind: X\nspec: [unclosed\n' }),
      { path: './app' },
      lookups(),
    );
    expect(broken).toMatchObject({
      ok: false,
      reason: 'BuildFailed',
      message: expect.stringMatching(/MalformedYAMLError.*app\/a\.yaml/),
    });
    const missing = buildKustomization(
      files({ 'app/kustomization.yaml': 'resources: [gone.yaml]\n' }),
      { path: './app' },
      lookups(),
    );
    expect(missing).toMatchObject({
      ok: false,
      reason: 'BuildFailed',
      message: expect.stringMatching(/accumulating resources from 'gone\.yaml'/),
    });
    const noPath = buildKustomization(files({ 'x/a.yaml': 'kind: X\n' }), { path: './nowhere' }, lookups());
    expect(noPath).toMatchObject({ ok: false, message: expect.stringContaining('kustomization path not found') });
  });
});
