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

const cache = new WeakMap<ManifestDocument, KnownChart | null>();

/** The known chart a HelmRelease document installs, by name or, for a chartRef named after the app, by its values. */
export function knownChartOf(document: ManifestDocument): KnownChart | undefined {
  if (!cache.has(document)) cache.set(document, identify(document) ?? null);
  return cache.get(document) ?? undefined;
}

function identify(document: ManifestDocument): KnownChart | undefined {
  if (getPath(document.object, ['kind']) !== 'HelmRelease') return undefined;
  const values = asRecord(getPath(document.object, ['spec', 'values'])) ?? {};
  const name = chartNameOf(document.object);
  const named = name ? chartNamed(name) : undefined;
  if (named && name) return { chart: named, name, values };
  if (getPath(document.object, ['spec', 'chartRef']) === undefined) return undefined;
  const recognised = CHARTS.find((chart) => chart.recognise?.(values));
  return recognised ? { chart: recognised, name: recognised.names[0] ?? '', values } : undefined;
}
