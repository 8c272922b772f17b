import type { ResourceRef } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { type ContainerSource, podSpecPathIn } from './workload-containers';

/** A map that holds pod-level settings: a workload's pod spec, or any map of a HelmRelease's `values`. */
export interface PodSettings {
  ref: ResourceRef;
  document: ManifestDocument;
  source: ContainerSource;
  /** Path of the map in the document. */
  path: readonly (string | number)[];
  settings: Record<string, unknown>;
}

/**
 * Where pod-level fields (volumes, hostNetwork…) can sit in a document: the pod spec of a workload, or every map of
 * a HelmRelease's `values` (charts put `hostNetwork`, `volumes` and `persistence` at any depth).
 */
export function podSettings(document: ManifestDocument): PodSettings[] {
  let settings = cache.get(document);
  if (!settings) {
    settings = readPodSettings(document);
    cache.set(document, settings);
  }
  return settings;
}

const cache = new WeakMap<ManifestDocument, PodSettings[]>();

function readPodSettings(document: ManifestDocument): PodSettings[] {
  const ref = resourceRefOf(document.object);
  if (!ref) return [];
  if (ref.kind === 'HelmRelease') {
    const out: PodSettings[] = [];
    const visit = (value: unknown, path: (string | number)[]) => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          visit(item, [...path, i]);
        });
      }
      const record = asRecord(value);
      if (!record) return;
      out.push({ ref, document, source: 'helm-values', path, settings: record });
      for (const [key, child] of Object.entries(record)) visit(child, [...path, key]);
    };
    visit(getPath(document.object, ['spec', 'values']), ['spec', 'values']);
    return out;
  }
  const path = podSpecPathIn(document.object, ref.kind);
  const settings = path && asRecord(getPath(document.object, path));
  return path && settings ? [{ ref, document, source: 'manifest', path, settings }] : [];
}
