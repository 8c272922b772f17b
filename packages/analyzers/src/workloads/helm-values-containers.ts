import type { ResourceRef } from '@triad/core';
import { chartContainers } from '../charts/chart-containers';
import { knownChartOf } from '../charts/chart-of';
import { localChartTemplates, renderedSecurityContext } from '../charts/local-charts';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import type { ContainerList, WorkloadContainer } from './workload-containers';

const CONTAINER_LISTS: Record<string, ContainerList> = {
  containers: 'containers',
  initContainers: 'initContainers',
  sidecars: 'containers',
  extraContainers: 'containers',
  extraInitContainers: 'initContainers',
};
const CONTAINER_FIELDS = ['privileged', 'allowPrivilegeEscalation', 'capabilities', 'runAsUser', 'runAsNonRoot'];

/**
 * Containers that HelmRelease `values` describe. For a known chart (`charts/`), exactly where its declaration says,
 * with the pod options it applies; otherwise, by shape: entries of `containers`/`initContainers`/`sidecars` lists or maps
 * (app-template style), and maps whose `securityContext` carries container-level fields (the common chart
 * convention `securityContext` + `podSecurityContext`).
 */
export function helmValuesContainers(document: ManifestDocument, ref: ResourceRef): WorkloadContainer[] {
  const values = asRecord(getPath(document.object, ['spec', 'values']));
  if (!values) return [];
  const known = knownChartOf(document);
  if (known && known.chart.containers.length > 0) {
    const chart = { name: known.name, rendersOnlyValues: known.chart.rendersOnlyValues };
    return chartContainers(known.chart, values).map((c) => {
      const podSpecPath = ['spec', 'values', ...c.podOptionsPath];
      const path = ['spec', 'values', ...c.path];
      const podSecurityContext = asRecord(c.podOptions.securityContext);
      const podSecurityContextPath = ['spec', 'values', ...c.podSecurityContextPath];
      return {
        ...{ ref, document, source: 'helm-values' as const, podSpecPath, podSpec: c.podOptions, podSecurityContext },
        podSecurityContextPath,
        ...{ list: c.list, index: c.name ?? ref.name, name: c.name ?? ref.name, container: c.container, path, chart },
        hostPaths: known.chart.hostPaths?.(values, c) ?? [],
      };
    });
  }
  const out: WorkloadContainer[] = [];
  const claimed = new Set<Record<string, unknown>>();
  const visit = (node: Record<string, unknown>, path: (string | number)[]) => {
    const podSecurityContext = asRecord(node.podSecurityContext) ?? asRecord(getPath(node, ['pod', 'securityContext']));
    const podSecurityContextPath =
      node.podSecurityContext === undefined && asRecord(node.pod)?.securityContext !== undefined
        ? [...path, 'pod', 'securityContext']
        : [...path, 'podSecurityContext'];
    for (const [key, list] of Object.entries(CONTAINER_LISTS)) {
      for (const [index, container] of entries(node[key])) {
        claimed.add(container);
        const name = typeof container.name === 'string' ? container.name : String(index);
        out.push({
          ...{ ref, document, source: 'helm-values', podSpecPath: path, podSpec: node, podSecurityContext },
          podSecurityContextPath,
          ...{ list, index, name, container, path: [...path, key, index] },
        });
      }
    }
    const securityContext = asRecord(node.securityContext);
    // A map that holds its own `containers` is a pod or a controller: a securityContext beside them is not a
    // container's (app-template and the charts built on its library read none there, and render none).
    const holdsContainers = 'containers' in node;
    if (
      !claimed.has(node) &&
      !holdsContainers &&
      securityContext &&
      CONTAINER_FIELDS.some((f) => f in securityContext)
    ) {
      const name = path.length > 2 ? String(path[path.length - 1]) : ref.name;
      out.push({
        ...{ ref, document, source: 'helm-values', podSpecPath: path, podSpec: node, podSecurityContext },
        podSecurityContextPath,
        ...{ list: 'containers', index: name, name, container: node, path },
      });
    }
    for (const [key, child] of Object.entries(node)) {
      const record = asRecord(child);
      if (record) visit(record, [...path, key]);
      else if (Array.isArray(child)) {
        child.forEach((item, i) => {
          const r = asRecord(item);
          if (r && !claimed.has(r)) visit(r, [...path, key, i]);
        });
      }
    }
  };
  visit(values, ['spec', 'values']);
  // A chart the repository holds shows what its templates render of each container's securityContext.
  const templates = localChartTemplates(document.object);
  if (templates === undefined) return out;
  return out.map((target) => {
    const securityContext = asRecord(target.container.securityContext);
    if (!securityContext) return target;
    const rendered = renderedSecurityContext(securityContext, templates);
    return { ...target, container: { ...target.container, securityContext: rendered } };
  });
}

function entries(value: unknown): [number | string, Record<string, unknown>][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => {
      const record = asRecord(item);
      return record ? [[i, record] as [number, Record<string, unknown>]] : [];
    });
  }
  const record = asRecord(value);
  if (!record) return [];
  return Object.entries(record).flatMap(([key, item]) => {
    const container = asRecord(item);
    return container && ('image' in container || 'securityContext' in container || 'env' in container)
      ? [[key, container] as [string, Record<string, unknown>]]
      : [];
  });
}
