import { describe, expect, it } from 'vitest';
import { buildAnalysisContext } from '../analysis-context';
import { analyzeRepo } from '../analyze-repo';
import { FAKE_TOKENS } from '../test-support/fake-tokens';
import { fluxKustomization, repo } from '../test-support/repo';
import { insideHelmChart } from './helm-chart-files';

const CHART = 'charts/edge/signal-relay';

/**
 * A cluster whose Flux tree applies a HelmRelease of a chart kept in the repository itself (built from the
 * flux-system GitRepository), next to plain manifests; `extra` adds or replaces files.
 */
function clusterWithLocalChart(extra: Record<string, string> = {}): Map<string, string> {
  return repo({
    'clusters/lab/flux-system/gotk-sync.yaml': `
      apiVersion: source.toolkit.fluxcd.io/v1
      kind: GitRepository
      metadata: {name: flux-system, namespace: flux-system}
      spec:
        interval: 5m
        url: ssh://git@git.example.test/lab/fleet
        ref: {branch: main}
      ---
      ${fluxKustomization('flux-system', './clusters/lab').replace(/\n/g, '\n      ')}
    `,
    'clusters/lab/apps.yaml': fluxKustomization('apps', './apps'),
    'apps/kustomization.yaml': `
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources: [relay/helmrelease.yaml]
    `,
    'apps/relay/helmrelease.yaml': `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: signal-relay, namespace: edge}
      spec:
        interval: 30m
        chart:
          spec:
            chart: ./${CHART}
            sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
        values:
          relay: {enabled: true}
    `,
    [`${CHART}/Chart.yaml`]: `
      apiVersion: v2
      name: signal-relay
      version: 1.4.0
    `,
    [`${CHART}/values.yaml`]: `
      relay:
        enabled: false
        image: registry.example.test/relay:2.1
    `,
    // Go template first: no YAML parser reads it.
    [`${CHART}/templates/deployment.yaml`]: `
      {{- if .Values.relay.enabled }}
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: {{ .Release.Name }}
        labels:
          {{- include "relay.labels" . | nindent 4 }}
      spec:
        template:
          spec:
            containers:
              - name: relay
                image: {{ .Values.relay.image | quote }}
      {{- end }}
    `,
    // A template that happens to parse: read as an object, it would be a root DaemonSet with a writable hostPath.
    [`${CHART}/templates/daemonset.yaml`]: `
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: "{{ .Release.Name }}-probe"}
      spec:
        template:
          spec:
            containers:
              - name: probe
                image: "{{ .Values.relay.image }}"
            volumes:
              - name: spool
                hostPath: {path: /srv/relay-spool}
    `,
    [`${CHART}/charts/buffer/Chart.yaml`]: 'apiVersion: v2\nname: buffer\nversion: 0.1.0\n',
    [`${CHART}/charts/buffer/templates/service.yaml`]: `
      {{- with .Values.service }}
      kind: Service
      metadata: {name: {{ .name }}}
      {{- end }}
    `,
    ...extra,
  });
}

describe('local Helm charts', () => {
  it('are neither parsed nor reported as manifests: templates, values and subcharts alike', () => {
    const files = clusterWithLocalChart();
    const onChart = analyzeRepo(files).filter((f) => f.file?.startsWith(`${CHART}/`));
    expect(onChart).toEqual([]);
    const { context } = buildAnalysisContext(files);
    expect(context.documents.filter((d) => d.file.startsWith('charts/'))).toEqual([]);
  });

  it('still reports a broken manifest outside the chart, where Flux applies it', () => {
    const files = clusterWithLocalChart({
      'apps/kustomization.yaml': `
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [relay/helmrelease.yaml, relay/settings.yaml]
      `,
      'apps/relay/settings.yaml': `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: relay-settings, namespace: edge}
        data: {mode: [unclosed
      `,
    });
    const broken = analyzeRepo(files).filter((f) => f.check === 'yaml-parse-error');
    expect(broken.map((f) => [f.file, f.severity, f.deployedBy])).toEqual([
      ['apps/relay/settings.yaml', 'medium', 'flux-system/apps'],
    ]);
  });

  it('still has its committed text searched for private keys and tokens of a known format', () => {
    const files = clusterWithLocalChart({
      [`${CHART}/values.yaml`]: `
        relay:
          enabled: false
          upstreamToken: ${FAKE_TOKENS.github}
      `,
    });
    const leaks = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    expect(leaks.map((f) => [f.file, f.line, f.severity])).toEqual([[`${CHART}/values.yaml`, 3, 'critical']]);
  });
});

describe('insideHelmChart', () => {
  it('takes every file under a directory with a Chart.yaml, and nothing beside it', () => {
    const inside = insideHelmChart(
      new Map([
        ['charts/a/Chart.yaml', ''],
        ['charts/a/templates/x.yaml', ''],
        ['charts/a/ci/test-values.yaml', ''],
        ['charts/ab/templates/y.yaml', ''],
        ['charts/a-notes.yaml', ''],
        ['docs/Chart.yaml.example', ''],
        ['docs/z.yaml', ''],
      ]),
    );
    expect(
      [
        'charts/a/Chart.yaml',
        'charts/a/templates/x.yaml',
        'charts/a/ci/test-values.yaml',
        'charts/ab/templates/y.yaml',
        'charts/a-notes.yaml',
        'docs/z.yaml',
      ].map(inside),
    ).toEqual([true, true, true, false, false, false]);
  });
});
