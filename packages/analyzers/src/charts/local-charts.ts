import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';

/**
 * The template text of each chart the repository holds, by the HelmRelease documents that install it from the
 * repository's own Git source (`spec.chart.spec.chart: ./charts/web` with a GitRepository source, a folder with a
 * `Chart.yaml`). Set for each analysis, as `useChartSources` is (`analyzeRepo` runs one at a time).
 */
let localTemplates = new WeakMap<object, string>();
let signature = '';
/** Changes whenever the charts' templates or the HelmReleases that install them change: part of a cache key. */
export let localChartsVersion = 0;

/** Reads the templates of the charts that the HelmReleases of `documents` install from this repository. */
export function useLocalCharts(files: RepoFiles, documents: readonly ManifestDocument[]): void {
  localTemplates = new WeakMap();
  const byDir = new Map<string, string | undefined>();
  const installs: string[] = [];
  for (const document of documents) {
    if (getPath(document.object, ['kind']) !== 'HelmRelease') continue;
    const spec = asRecord(getPath(document.object, ['spec', 'chart', 'spec']));
    const chart = spec?.chart;
    if (typeof chart !== 'string' || asRecord(spec?.sourceRef)?.kind !== 'GitRepository') continue;
    const dir = posix.normalize(chart.replace(/^\.?\/+/, '')).replace(/\/+$/, '');
    if (!byDir.has(dir)) byDir.set(dir, templatesOf(files, dir));
    const templates = byDir.get(dir);
    if (templates !== undefined) {
      localTemplates.set(document.object as object, templates);
      installs.push(`${document.file}#${document.index}:${dir}`);
    }
  }
  const next = [...installs, ...[...byDir].map(([dir, text]) => `${dir}\u0000${text ?? ''}`)].join('\u0001');
  if (next !== signature) {
    signature = next;
    localChartsVersion++;
  }
}

/** The text of every template of the chart in `dir`, or undefined when `dir` holds no chart. */
function templatesOf(files: RepoFiles, dir: string): string | undefined {
  if (!files.has(`${dir}/Chart.yaml`)) return undefined;
  const prefix = `${dir}/templates/`;
  return [...files.keys()]
    .filter((path) => path.startsWith(prefix))
    .map((path) => files.get(path) ?? '')
    .join('\n');
}

/** The templates of the chart this repository holds that a HelmRelease installs, when it holds it. */
export function localChartTemplates(helmRelease: unknown): string | undefined {
  return typeof helmRelease === 'object' && helmRelease !== null ? localTemplates.get(helmRelease) : undefined;
}

/**
 * What of a container's `securityContext` values the chart's templates render: all of it when they write the map out
 * whole (`toYaml` of a securityContext); otherwise only the fields they name, and of those a `0` or `false` only when
 * no `if` on it skips it and no `default` replaces it (Helm takes both for empty). A chart that never names `privileged`
 * does not run its containers privileged, whatever the values say.
 */
export function renderedSecurityContext(
  securityContext: Record<string, unknown>,
  templates: string,
): Record<string, unknown> {
  if (/securityContext[^\n]*toYaml|toYaml[^\n]*[sS]ecurityContext/.test(templates)) return securityContext;
  const rendered: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(securityContext)) {
    const uses = [...templates.matchAll(/\{\{[^}]*\}\}/g)]
      .map((m) => m[0])
      .filter((action) => new RegExp(`\\.${field}\\b`).test(action));
    if (uses.length === 0) continue;
    const empty = value === 0 || value === false || value === '' || value === null;
    // `{{ if .runAsUser }}runAsUser: {{ .runAsUser }}{{ end }}`: the guard is an action of its own around the use.
    if (empty && uses.some((action) => /\{\{-?\s*(if|with)\b|\|\s*default\b/.test(action))) continue;
    rendered[field] = value;
  }
  return rendered;
}
