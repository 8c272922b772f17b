import type { ResourceRef } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { asRecord, getPath } from '../parse/k8s-object';

/** The object of the repo a cluster object comes from, and where it is declared. */
export interface RepoLocation {
  /** The declared object (a Deployment for a pod of its ReplicaSet; the HelmRelease for what a chart renders). */
  ref: ResourceRef;
  file?: string;
  line?: number;
}

const CONTROLLERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/**
 * Where the repo declares a live object: the object itself, its controller (a pod's ReplicaSet's Deployment, a Job's
 * CronJob), or the HelmRelease or Flux Kustomization whose labels it carries. Falls back to the object itself, unplaced.
 */
export function locateInRepo(context: AnalysisContext, object: unknown, ref: ResourceRef): RepoLocation {
  const namespace = ref.namespace;
  for (const candidate of [ref, ...controllerRefs(object, namespace)]) {
    const document = context.declaration(candidate);
    if (document)
      return { ref: { ...candidate, ...apiVersionOf(document.object) }, file: document.file, line: document.line };
  }
  const labels = asRecord(getPath(object, ['metadata', 'labels'])) ?? {};
  const owners: ResourceRef[] = [];
  if (typeof labels['helm.toolkit.fluxcd.io/name'] === 'string') {
    owners.push({
      kind: 'HelmRelease',
      namespace: String(labels['helm.toolkit.fluxcd.io/namespace'] ?? namespace),
      name: labels['helm.toolkit.fluxcd.io/name'],
    });
  }
  if (typeof labels['kustomize.toolkit.fluxcd.io/name'] === 'string') {
    owners.push({
      kind: 'Kustomization',
      namespace: String(labels['kustomize.toolkit.fluxcd.io/namespace'] ?? 'flux-system'),
      name: labels['kustomize.toolkit.fluxcd.io/name'],
    });
  }
  const [first] = controllerRefs(object, namespace);
  for (const owner of owners) {
    const document = context.declaration(owner);
    if (document) return { ref: first ?? ref, file: document.file, line: document.line };
  }
  return { ref: first ?? ref };
}

/** The controllers an object's ownerReferences lead to: ReplicaSet `x-5d9f8` → Deployment `x`, Job `x-2891` → CronJob `x`. */
function controllerRefs(object: unknown, namespace: string | undefined): ResourceRef[] {
  const owners = getPath(object, ['metadata', 'ownerReferences']);
  const out: ResourceRef[] = [];
  for (const owner of Array.isArray(owners) ? owners : []) {
    const kind = asRecord(owner)?.kind;
    const name = asRecord(owner)?.name;
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    const base = name.replace(/-[a-z0-9]{5,10}$/, '');
    if (CONTROLLERS.includes(kind)) out.push({ kind, ...(namespace ? { namespace } : {}), name });
    if (kind === 'ReplicaSet') out.push({ kind: 'Deployment', ...(namespace ? { namespace } : {}), name: base });
    if (kind === 'Job') out.push({ kind: 'CronJob', ...(namespace ? { namespace } : {}), name: base });
  }
  return out;
}

function apiVersionOf(object: unknown): { apiVersion?: string } {
  const apiVersion = asRecord(object)?.apiVersion;
  return typeof apiVersion === 'string' ? { apiVersion } : {};
}
