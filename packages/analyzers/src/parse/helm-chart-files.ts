import type { RepoFiles } from '@triad/core';

/**
 * Whether a repository path lies in a local Helm chart: a directory holding a `Chart.yaml`, with everything under it
 * (`templates/`, subcharts under `charts/`, `values.yaml`). Helm renders templates as Go text before any YAML is read,
 * and values are the chart's input: none of them is a manifest, whichever HelmRelease or kustomize `helmCharts`
 * builds the chart.
 */
export function insideHelmChart(files: RepoFiles): (path: string) => boolean {
  const charts = new Set<string>();
  for (const path of files.keys()) {
    if (path === CHART_FILE || path.endsWith(`/${CHART_FILE}`)) charts.add(path.slice(0, -CHART_FILE.length));
  }
  if (charts.size === 0) return () => false;
  return (path) => {
    for (let end = path.indexOf('/'); end >= 0; end = path.indexOf('/', end + 1)) {
      if (charts.has(path.slice(0, end + 1))) return true;
    }
    return charts.has('');
  };
}

/** The file that makes a directory a chart; Helm reads no other name. */
const CHART_FILE = 'Chart.yaml';
