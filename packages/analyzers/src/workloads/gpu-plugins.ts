import type { ResourceRef } from '@triad/core';
import { asRecord, displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';

/** A GPU device plugin the repo deploys, and the nodes it is confined to. */
export interface GpuPlugin {
  /** Prefix of the extended resources it advertises: `nvidia.com/gpu`, `gpu.intel.com/`, `amd.com/gpu`. */
  resource: string;
  ref: ResourceRef;
  /** Its `nodeSelector`: only nodes with these labels get the resource. */
  nodeSelector: Record<string, string>;
}

const PLUGINS: [RegExp, string][] = [
  [/nvidia-device-plugin|gpu-operator|k8s-device-plugin/, 'nvidia.com/gpu'],
  [/intel-device-plugins?-gpu|intel-gpu-plugin/, 'gpu.intel.com/'],
  [/amd-gpu|k8s-device-plugin-amd/, 'amd.com/gpu'],
];

/** GPU extended resources a container requests, with the count (limits win over requests). */
export function gpuRequests(container: Record<string, unknown>): { resource: string; count: number }[] {
  const out = new Map<string, number>();
  for (const section of ['requests', 'limits']) {
    for (const [key, value] of Object.entries(asRecord(getPath(container, ['resources', section])) ?? {})) {
      if (PLUGINS.some(([, prefix]) => key.startsWith(prefix))) out.set(key, Number(value) || 0);
    }
  }
  return [...out].filter(([, count]) => count > 0).map(([resource, count]) => ({ resource, count }));
}

/** Device plugins deployed by HelmReleases (by chart name) or DaemonSets (by image) that carry a nodeSelector. */
export function gpuPlugins(documents: readonly ManifestDocument[]): GpuPlugin[] {
  return documents.flatMap((document) => {
    const ref = resourceRefOf(document.object);
    let name = '';
    let selector: unknown;
    if (ref?.kind === 'HelmRelease') {
      name = String(getPath(document.object, ['spec', 'chart', 'spec', 'chart']) ?? ref.name);
      selector = getPath(document.object, ['spec', 'values', 'nodeSelector']);
    } else if (ref?.kind === 'DaemonSet') {
      const containers = getPath(document.object, ['spec', 'template', 'spec', 'containers']);
      name = (Array.isArray(containers) ? containers : []).map((c) => String(asRecord(c)?.image ?? '')).join(' ');
      selector = getPath(document.object, ['spec', 'template', 'spec', 'nodeSelector']);
    }
    const resource = PLUGINS.find(([pattern]) => pattern.test(name))?.[1];
    const nodeSelector = Object.fromEntries(Object.entries(asRecord(selector) ?? {}).map(([k, v]) => [k, String(v)]));
    return ref && resource && Object.keys(nodeSelector).length > 0 ? [{ resource, ref, nodeSelector }] : [];
  });
}

export function pluginLabel(plugin: GpuPlugin): string {
  return `${plugin.ref.kind} ${displayName(plugin.ref)}`;
}
