import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { repo } from '../test-support/repo';
import { getPath } from './k8s-object';
import { lineOf } from './manifest-document';
import { parseManifests } from './parse-manifests';

describe('parseManifests', () => {
  it('reads every document of multi-document YAML files with the 1-based line each starts at', () => {
    const { documents, findings } = parseManifests(
      repo({
        'a.yaml': `
          # leading comment
          kind: ConfigMap
          metadata: {name: one}
          ---
          kind: ConfigMap
          metadata: {name: two}
        `,
        'README.md': '# not yaml: {',
        'b.yml': 'kind: Namespace\nmetadata: {name: b}\n',
      }),
    );
    expect(findings).toEqual([]);
    expect(documents.map((d) => [d.file, d.index, d.line])).toEqual([
      ['a.yaml', 0, 2],
      ['a.yaml', 1, 5],
      ['b.yml', 0, 1],
    ]);
    expect(documents[1]?.object).toEqual({ kind: 'ConfigMap', metadata: { name: 'two' } });
  });

  it('skips empty documents', () => {
    const { documents } = parseManifests(repo({ 'a.yaml': '---\n# only a comment\n---\nkind: A\n' }));
    expect(documents.map((d) => d.index)).toEqual([1]);
  });

  it('reports a file that does not parse with its line, and the scan goes on', () => {
    const files = repo({
      'broken.yaml': `
        kind: Deployment
        metadata:
          name: x
        spec: [unclosed
      `,
      'pod.yaml': `
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: n}
        spec:
          containers:
            - name: c
              securityContext: {privileged: true}
      `,
    });
    const { documents, findings } = parseManifests(files);
    expect(documents.map((d) => d.file)).toEqual(['pod.yaml']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: 'yaml-parse-error/File/_/broken.yaml',
      check: 'yaml-parse-error',
      file: 'broken.yaml',
      fixable: false,
    });
    expect(findings[0]?.line).toBeGreaterThanOrEqual(4);
    expect(analyzeRepo(files).map((f) => f.id)).toEqual(
      expect.arrayContaining(['privileged-container/Pod/n/p/c', 'yaml-parse-error/File/_/broken.yaml']),
    );
  });

  it('reads a rule file that names one anchor hundreds of times, and still refuses an alias bomb', () => {
    const rules = Array.from({ length: 300 }, (_, i) => `      - record: *metric\n        expr: sum(x${i})`).join('\n');
    const many = `kind: PrometheusRule\nspec:\n  groups:\n    - name: cost\n      anchor: &metric cost:tokens:rate\n      rules:\n${rules}\n`;
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh') {
      const previous = levels.length === 1 ? 'a' : String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(', ')}]`);
    }
    const bomb = `kind: ConfigMap\n${levels.join('\n')}\n`;
    const { documents, findings } = parseManifests(
      new Map([
        ['rules.yaml', many],
        ['bomb.yaml', bomb],
      ]),
    );
    expect(documents.map((d) => d.file)).toEqual(['rules.yaml']);
    expect(findings.map((f) => [f.file, f.check])).toEqual([['bomb.yaml', 'yaml-parse-error']]);
  });

  it('reads what Flux reads and yaml refuses: an alias as a key before its colon, a | on the line after its key', () => {
    const broker = 'kind: ConfigMap\nmetadata: {name: broker}\ndata:\n  broker.conf:\n  |\n    persistence true\n';
    const release =
      'kind: HelmRelease\nmetadata:\n  name: &app links\nspec:\n  values:\n    controllers:\n      *app:\n        containers: {}\n';
    const { documents, findings } = parseManifests(
      new Map([
        ['cm.yaml', broker],
        ['hr.yaml', release],
      ]),
    );
    expect(findings).toEqual([]);
    expect(documents.map((d) => [d.file, d.line])).toEqual([
      ['cm.yaml', 1],
      ['hr.yaml', 1],
    ]);
    expect(String(getPath(documents[0]?.object, ['data', 'broker.conf'])).trim()).toBe('persistence true');
    expect(Object.keys(getPath(documents[1]?.object, ['spec', 'values', 'controllers']) as object)).toEqual(['links']);
    // A finding under the alias key points at its own line, not at the document's.
    expect(lineOf(documents[1]!, ['spec', 'values', 'controllers', 'links', 'containers'])).toBe(8);
    // What neither reads is still an error.
    expect(parseManifests(new Map([['bad.yaml', 'a: [unclosed\n']])).findings).toHaveLength(1);
  });

  it('reads .yaml and .yml in any case, as the tool layer guards them, and nothing else', () => {
    const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    const { documents } = parseManifests(
      new Map([
        ['a/UPPER.YAML', doc('upper')],
        ['a/short.Yml', doc('short')],
        ['a/notes.yaml.bak', doc('backup')],
        ['a/data.json', '{}'],
      ]),
    );
    expect(documents.map((d) => d.file)).toEqual(['a/UPPER.YAML', 'a/short.Yml']);
  });

  it('leaves the files of a local Helm chart unparsed: Go templates and values are no manifests', () => {
    const { documents, findings, chartFiles } = parseManifests(
      repo({
        'charts/tools/gauge/Chart.yaml': 'apiVersion: v2\nname: gauge\nversion: 0.3.0\n',
        'charts/tools/gauge/values.yaml': 'replicas: 2\n',
        'charts/tools/gauge/templates/config.yaml': `
          {{- if .Values.config }}
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: {{ include "gauge.fullname" . }}
          {{- end }}
        `,
        'charts/tools/gauge/charts/cache/templates/pod.yaml': 'kind: Pod\nmetadata: {name: "{{ .Release.Name }}"}\n',
        'charts/tools/gauge-notes.yaml': 'kind: ConfigMap\nmetadata: {name: beside-the-chart}\n',
        'apps/broken.yaml': 'kind: ConfigMap\ndata: [unclosed\n',
      }),
    );
    expect(documents.map((d) => d.file)).toEqual(['charts/tools/gauge-notes.yaml']);
    expect(findings.map((f) => f.file)).toEqual(['apps/broken.yaml']);
    expect(chartFiles).toEqual([
      'charts/tools/gauge/Chart.yaml',
      'charts/tools/gauge/charts/cache/templates/pod.yaml',
      'charts/tools/gauge/templates/config.yaml',
      'charts/tools/gauge/values.yaml',
    ]);
  });
});
