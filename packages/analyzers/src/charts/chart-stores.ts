import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { chartContainers, deepMerge } from './chart-containers';
import type { ChartDeclaration, ChartEphemeralStore } from './chart-declaration';
import { knownChartOf } from './chart-of';
import { chartNamed } from './registry';

/** An ephemeral store of a HelmRelease's chart (or one of its subcharts), with its path in the document. */
export interface LocatedStore extends ChartEphemeralStore {
  /** Path in the HelmRelease document of the map the fix edits. */
  documentPath: (string | number)[];
  /** The chart that keeps it there (a subchart's own name for subcharts). */
  chart: string;
}

/** State the values of a known chart, and of its enabled subcharts, leave on ephemeral storage. */
export function chartEphemeralStores(document: ManifestDocument): LocatedStore[] {
  const known = knownChartOf(document);
  if (!known) return [];
  const out: LocatedStore[] = [];
  const visit = (chart: ChartDeclaration, name: string, values: Record<string, unknown>, prefix: string[]) => {
    for (const store of chart.ephemeralStores?.(values, chartContainers(chart, values)) ?? []) {
      out.push({ ...store, chart: name, documentPath: ['spec', 'values', ...prefix, ...store.path] });
    }
    for (const [key, sub] of Object.entries(chart.subcharts ?? {})) {
      const declaration = chartNamed(sub.chart);
      if (!declaration || getPath(values, [key, 'enabled']) === false) continue;
      visit(declaration, sub.chart, deepMerge(sub.defaults ?? {}, asRecord(values[key])), [...prefix, key]);
    }
  };
  visit(known.chart, known.name, known.values, []);
  return out;
}
