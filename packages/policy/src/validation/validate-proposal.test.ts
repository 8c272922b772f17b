// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of these tests
import { fluxKustomization, repo } from '@triad/analyzers/test-support';
import type { FileEdit } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { validateProposal } from './validate-proposal';

const base = repo({
  'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
  'apps/kustomization.yaml': 'resources:\n  - web.yaml\n',
  'apps/web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: apps}\ndata: {a: "1"}\n',
  'charts/tpl.yaml': 'a: {{ .Values.x }}\n',
});

const edit = (path: string, after: string | null): FileEdit => ({ path, before: base.get(path) ?? null, after });
const rules = (...edits: FileEdit[]) => validateProposal(base, edits).problems.map((p) => [p.rule, p.path]);

describe('validateProposal', () => {
  it('passes a change that keeps the repo buildable', () => {
    expect(validateProposal(base, [edit('apps/web.yaml', base.get('apps/web.yaml')!.replace('"1"', '"2"'))])).toEqual({
      ok: true,
      problems: [],
    });
  });

  it('refuses YAML that does not parse, in any document', () => {
    expect(rules(edit('apps/web.yaml', 'kind: ConfigMap\n---\nmetadata: {name: [x\n'))).toEqual([
      ['yaml-invalid', 'apps/web.yaml'],
    ]);
  });

  it('refuses duplicate keys', () => {
    expect(rules(edit('apps/web.yaml', 'kind: ConfigMap\nkind: Secret\n'))).toEqual([
      ['yaml-duplicate-key', 'apps/web.yaml'],
    ]);
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 6; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      levels.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    expect(rules(edit('apps/web.yaml', `${levels.join('\n')}\n`))).toEqual([['yaml-alias-bomb', 'apps/web.yaml']]);
  });

  it('leaves a file alone that did not parse before either (a Helm template)', () => {
    expect(rules(edit('charts/tpl.yaml', 'a: {{ .Values.y }}\n'))).toEqual([]);
  });

  it('refuses a kustomization.yaml resource that does not exist, and removing one that is listed', () => {
    expect(rules(edit('apps/kustomization.yaml', 'resources:\n  - web.yaml\n  - missing.yaml\n'))).toEqual([
      ['kustomization-resource-missing', 'apps/kustomization.yaml'],
    ]);
    expect(rules(edit('apps/web.yaml', null))).toEqual([['kustomization-resource-missing', 'apps/kustomization.yaml']]);
  });

  it('refuses a Flux spec.path that does not exist', () => {
    expect(rules(edit('clusters/home/apps.yaml', fluxKustomization('apps', './nowhere')))).toEqual([
      ['flux-path-missing', 'clusters/home/apps.yaml'],
    ]);
  });

  it("takes the path of a Kustomization built from an OCI artifact as that artifact's, not a directory of this repo", () => {
    const published = fluxKustomization('vendor', './published/app').replace(
      'kind: GitRepository\n    name: flux-system',
      'kind: OCIRepository\n    name: vendor',
    );
    expect(rules(edit('clusters/home/vendor.yaml', published))).toEqual([]);
  });

  it('refuses a new ${VAR} that no postBuild substitutes, and passes it once substitution is configured', () => {
    const web = base.get('apps/web.yaml')!.replace('"1"', '"${DOMAIN}"');
    expect(rules(edit('apps/web.yaml', web))).toEqual([['unresolved-substitution', 'apps/web.yaml']]);
    const substituting = fluxKustomization('apps', './apps', 'postBuild:\n  substitute: {DOMAIN: example.net}\n');
    expect(rules(edit('apps/web.yaml', web), edit('clusters/home/apps.yaml', substituting))).toEqual([]);
  });

  it('finds a ${VAR} a double-quoted escape spells, and one that a HelmRelease takes from a ConfigMap it now reads', () => {
    const escaped = base.get('apps/web.yaml')!.replace('"1"', '"\\x24{DOMAIN}"');
    expect(rules(edit('apps/web.yaml', escaped))).toEqual([['unresolved-substitution', 'apps/web.yaml']]);

    // The ConfigMap's ${VAR} was there before, unread; the edit to the HelmRelease (no `$` in it) makes Flux use it.
    const values =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-values, namespace: apps}\ndata:\n  values.yaml: |\n    host: ${DOMAIN}\n';
    const release = (from: string) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}\n${from}`;
    const withRelease = repo({
      ...Object.fromEntries(base),
      'apps/kustomization.yaml': 'resources:\n  - web.yaml\n  - values.yaml\n  - release.yaml\n',
      'apps/values.yaml': values,
      'apps/release.yaml': release(''),
    });
    const reads = release('  valuesFrom:\n    - kind: ConfigMap\n      name: web-values\n');
    const problems = validateProposal(withRelease, [
      { path: 'apps/release.yaml', before: withRelease.get('apps/release.yaml')!, after: reads },
    ]).problems.map((p) => p.rule);
    expect(problems).toContain('unresolved-substitution');
  });
});
