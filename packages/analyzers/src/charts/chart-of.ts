import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import type { ChartDeclaration } from './chart-declaration';
import { CHARTS, chartNamed } from './registry';

/** A known chart a HelmRelease installs, with its values. */
export interface KnownChart {
  chart: ChartDeclaration;
  /** The chart name the HelmRelease gives, or the declaration's first name when recognised by its values. */
  name: string;
  values: Record<string, unknown>;
}

/**
 * The chart name of a HelmRelease: `spec.chart.spec.chart` without a repository or `oci://` prefix, else the
 * `spec.chartRef` name (an OCIRepository or HelmChart named after the chart).
 */
export function chartNameOf(helmRelease: unknown): string | undefined {
  const chart = getPath(helmRelease, ['spec', 'chart', 'spec', 'chart']);
  if (typeof chart === 'string' && chart !== '') return chart.replace(/\/+$/, '').split('/').pop();
  const ref = getPath(helmRelease, ['spec', 'chartRef', 'name']);
  return typeof ref === 'string' && ref !== '' ? ref : undefined;
}

/**
 * The chart each OCIRepository of the repository being analysed holds, by the OCIRepository's name: the last segment
 * of its `oci://` URL (`oci://ghcr.io/example/charts/widget` holds `widget`). Set for each analysis (they run one at a
 * time: `analyzeRepo` is synchronous); a name two OCIRepositories give different charts maps to undefined.
 */
let ociCharts: ReadonlyMap<string, string | undefined> = new Map();

/** Reads which chart each OCIRepository holds, for the analysis about to run over `documents`. */
export function useChartSources(documents: readonly ManifestDocument[]): void {
  const charts = new Map<string, string | undefined>();
  for (const document of documents) {
    if (getPath(document.object, ['kind']) !== 'OCIRepository') continue;
    const name = getPath(document.object, ['metadata', 'name']);
    const url = getPath(document.object, ['spec', 'url']);
    if (typeof name !== 'string' || typeof url !== 'string' || !url.startsWith('oci://')) continue;
    const chart = url
      .replace(/[:@][^/]*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop();
    charts.set(name, charts.has(name) && charts.get(name) !== chart ? undefined : chart);
  }
  ociCharts = charts;
}

/**
 * The chart the OCIRepository a HelmRelease's `chartRef` names holds, when the repository declares it: what, besides
 * the document itself, decides which chart it installs (caches of what is read through the chart key on it too).
 */
export function chartRefSource(helmRelease: unknown): string | undefined {
  const kind = getPath(helmRelease, ['spec', 'chartRef', 'kind']);
  const name = getPath(helmRelease, ['spec', 'chartRef', 'name']);
  return kind === 'OCIRepository' && typeof name === 'string' ? ociCharts.get(name) : undefined;
}

const cache = new WeakMap<ManifestDocument, { source: string | undefined; known: KnownChart | undefined }>();

/**
 * The known chart a HelmRelease document installs: by name, by the chart its chartRef's OCIRepository holds, or, for
 * a chartRef whose source the repository does not show, by its values.
 */
export function knownChartOf(document: ManifestDocument): KnownChart | undefined {
  const source = chartRefSource(document.object);
  const cached = cache.get(document);
  if (cached && cached.source === source) return cached.known;
  const known = identify(document, source);
  cache.set(document, { source, known });
  return known;
}

function identify(document: ManifestDocument, source: string | undefined): KnownChart | undefined {
  if (getPath(document.object, ['kind']) !== 'HelmRelease') return undefined;
  const values = asRecord(getPath(document.object, ['spec', 'values'])) ?? {};
  // The chart the OCIRepository holds, when the repository declares it, or the one the HelmRelease names; values
  // shaped like app-template's from another chart the repository shows (one built on the same library) are not
  // app-template's: that chart keeps defaults of its own, which Triad does not know.
  const fromSource = source === undefined ? undefined : chartNamed(source);
  if (fromSource) return { chart: fromSource, name: fromSource.names[0] ?? source ?? '', values };
  const name = chartNameOf(document.object);
  const named = name ? chartNamed(name) : undefined;
  if (named && name) return { chart: named, name, values };
  if (source !== undefined || getPath(document.object, ['spec', 'chartRef']) === undefined) return undefined;
  const recognised = CHARTS.find((chart) => chart.recognise?.(values));
  return recognised ? { chart: recognised, name: recognised.names[0] ?? '', values } : undefined;
}
