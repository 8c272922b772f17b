import { chartNameOf, chartRefSource } from '../charts/chart-of';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { workloadContainers } from '../workloads/workload-containers';
import type { FluxDeployment } from './flux-deployment';
import type { SubstitutionSource } from './flux-kustomization';

/** The chart and image name of xunholy's kustomize-mutating-webhook. */
const WEBHOOK = 'kustomize-mutating-webhook';

/**
 * A mutating admission webhook of the repository that gives every Flux Kustomization of its cluster postBuild
 * variables: xunholy's kustomize-mutating-webhook adds each key of the ConfigMaps and Secrets its values list to
 * `spec.postBuild.substitute` of every Kustomization created or updated, whatever the Kustomization says.
 */
export interface SubstitutionWebhook {
  /** The file that deploys it: its HelmRelease, or a workload that runs its image. */
  file: string;
  /**
   * The ConfigMaps and Secrets it reads, in its own namespace. Undefined when the repository does not say which (a
   * workload configured outside Helm values, values that list none and leave the chart's defaults).
   */
  sources?: SubstitutionSource[];
}

/**
 * The substitution webhooks among `documents` (as Flux applies them: a HelmRelease with its `valuesFrom` merged),
 * recognised by chart or image name. A HelmRelease's namespace is its `targetNamespace`, its own, or the
 * `targetNamespace` of the Flux Kustomization that applies it.
 */
export function substitutionWebhooks(
  documents: readonly ManifestDocument[],
  deployment: FluxDeployment | undefined,
): SubstitutionWebhook[] {
  const out: SubstitutionWebhook[] = [];
  for (const document of documents) {
    const kind = getPath(document.object, ['kind']);
    if (kind === 'HelmRelease') {
      if (!installsWebhook(document)) continue;
      const values = asRecord(getPath(document.object, ['spec', 'values'])) ?? {};
      const namespace = [
        getPath(document.object, ['spec', 'targetNamespace']),
        getPath(document.object, ['metadata', 'namespace']),
        getPath(deployment?.deployer(document.file)?.effective, ['spec', 'targetNamespace']),
      ].find((n): n is string => typeof n === 'string' && n !== '');
      const sources = listedSources(values, namespace ?? 'flux-system');
      out.push({ file: document.file, ...(sources ? { sources } : {}) });
    } else if (workloadContainers(document).some((c) => isWebhookImage(c.container.image))) {
      out.push({ file: document.file });
    }
  }
  return out;
}

/** By the chart it names or its OCIRepository holds, or by the image its values run (the chart's, another chart's). */
function installsWebhook(helmRelease: ManifestDocument): boolean {
  const image = getPath(helmRelease.object, ['spec', 'values', 'image']);
  return (
    chartRefSource(helmRelease.object) === WEBHOOK ||
    chartNameOf(helmRelease.object) === WEBHOOK ||
    isWebhookImage(image) ||
    workloadContainers(helmRelease).some((c) => isWebhookImage(c.container.image))
  );
}

/** `ghcr.io/owner/kustomize-mutating-webhook:tag` and the like, or a values map with that `repository`. */
function isWebhookImage(image: unknown): boolean {
  const name = typeof image === 'string' ? image : getPath(image, ['repository']);
  if (typeof name !== 'string') return false;
  const repository = name.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  return repository.split('/').pop() === WEBHOOK;
}

/**
 * The `configMaps` and `secrets` lists of the chart's values, each entry's `name` (and `namespace`, when one is
 * given). Undefined when neither list is there, or an entry has no name: which sources it reads is then unknown.
 */
function listedSources(values: Record<string, unknown>, namespace: string): SubstitutionSource[] | undefined {
  const lists = [
    ['configMaps', 'ConfigMap'],
    ['secrets', 'Secret'],
  ] as const;
  if (!lists.some(([key]) => Array.isArray(values[key]))) return undefined;
  const sources: SubstitutionSource[] = [];
  for (const [key, kind] of lists) {
    for (const entry of Array.isArray(values[key]) ? values[key] : []) {
      const record = asRecord(entry);
      if (typeof record?.name !== 'string' || record.name === '') return undefined;
      const own = typeof record.namespace === 'string' && record.namespace !== '' ? record.namespace : namespace;
      sources.push({ kind, name: record.name, optional: false, namespace: own });
    }
  }
  return sources;
}
