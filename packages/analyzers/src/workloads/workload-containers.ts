import type { ResourceRef } from '@triad/core';
import { chartRefSource } from '../charts/chart-of';
import { envSourcesVersion } from '../charts/env-sources';
import { localChartsVersion } from '../charts/local-charts';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { helmValuesContainers } from './helm-values-containers';

const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The lists of a pod spec that hold containers. */
export type ContainerList = 'containers' | 'initContainers';

/**
 * Where a container was read: `manifest` for pod specs Kubernetes reads as written; `helm-values` for containers a
 * HelmRelease's `values` describe, which a chart renders with defaults Triad cannot see, so checks judge only what
 * the values set, never what they leave out.
 */
export type ContainerSource = 'manifest' | 'helm-values';

/** One container of a workload manifest, with where it sits. */
export interface WorkloadContainer {
  ref: ResourceRef;
  document: ManifestDocument;
  source: ContainerSource;
  /** Path of the pod spec (or, in Helm values, of the map that holds pod-level settings) in the document. */
  podSpecPath: readonly (string | number)[];
  /** The pod spec; for Helm values, the map that holds `containers` or the container's own settings. */
  podSpec: Record<string, unknown>;
  /** Pod-level securityContext (`securityContext` of a pod spec, `podSecurityContext` in Helm values). */
  podSecurityContext: Record<string, unknown> | undefined;
  /** Where a pod-level securityContext field is written so that it reaches the pod (see `podSecurityContext`). */
  podSecurityContextPath: readonly (string | number)[];
  list: ContainerList;
  /** Position in `list`, or the key when the chart takes containers as a map. */
  index: number | string;
  /** `name`, the map key, or `#<index>` when the container has none. */
  name: string;
  container: Record<string, unknown>;
  /** Path of the container in the document. */
  path: readonly (string | number)[];
  /**
   * The known chart whose values describe the container (Helm values only). `rendersOnlyValues`: the chart adds no
   * securityContext of its own, so checks may judge what the values leave out.
   */
  chart?: { name: string; rendersOnlyValues: boolean };
  /** Host paths a known chart's values mount into the container (manifests keep theirs in the pod spec's volumes). */
  hostPaths?: readonly string[];
}

/** Where the pod spec of a workload kind sits, or undefined for kinds that have none. */
export function podSpecPathOf(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATHS[kind];
}

const TEMPLATE_POD_SPEC = ['spec', 'template', 'spec'] as const;

/**
 * Where the pod spec of an object sits: by its kind, or at `spec.template.spec` for any other kind whose template
 * holds containers (Argo Rollout, OpenShift DeploymentConfig, Knative Service…), which Kubernetes runs the same way.
 */
export function podSpecPathIn(object: unknown, kind: string): readonly string[] | undefined {
  const known = podSpecPathOf(kind);
  if (known || kind === 'HelmRelease') return known;
  return Array.isArray(getPath(object, [...TEMPLATE_POD_SPEC, 'containers'])) ? TEMPLATE_POD_SPEC : undefined;
}

const cache = new WeakMap<ManifestDocument, { source: string; containers: WorkloadContainer[] }>();

/**
 * Every container and init container of a workload document (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob,
 * and HelmRelease values). Memoised per document and, for a HelmRelease, per chart its chartRef's source holds (the
 * same document in another repository may install another chart): every container check reads them.
 */
export function workloadContainers(document: ManifestDocument): WorkloadContainer[] {
  // A HelmRelease's containers also depend on the chart's templates when the repository holds it, and on what the
  // Secrets it takes whole hold: a change to either is a change of key.
  const source = `${chartRefSource(document.object)}|${localChartsVersion}|${envSourcesVersion}`;
  const cached = cache.get(document);
  if (cached && cached.source === source) return cached.containers;
  const containers = readContainers(document);
  cache.set(document, { source, containers });
  return containers;
}

function readContainers(document: ManifestDocument): WorkloadContainer[] {
  const ref = resourceRefOf(document.object);
  if (!ref) return [];
  if (ref.kind === 'HelmRelease') return helmValuesContainers(document, ref);
  const podSpecPath = podSpecPathIn(document.object, ref.kind);
  const podSpec = podSpecPath && asRecord(getPath(document.object, podSpecPath));
  if (!podSpecPath || !podSpec) return [];
  const podSecurityContext = asRecord(podSpec.securityContext);
  const out: WorkloadContainer[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((value, index) => {
      const written = asRecord(value);
      if (!written) return;
      const name = typeof written.name === 'string' ? written.name : `#${index}`;
      const container = operatorSecured(document.object, ref.kind, name) ? withOperatorSecurity(written) : written;
      const path = [...podSpecPath, list, index];
      out.push({
        ref,
        document,
        source: 'manifest',
        podSpecPath,
        podSpec,
        podSecurityContext,
        podSecurityContextPath: [...podSpecPath, 'securityContext'],
        list,
        index,
        name,
        container,
        path,
      });
    });
  }
  return out;
}

/**
 * Containers whose securityContext an operator writes over whatever the template says: CloudNativePG builds a
 * Pooler's Deployment with its `pgbouncer` container hardened (drop ALL, non-root, no escalation, read-only root).
 * A sidecar added to the same template keeps what it says.
 */
function operatorSecured(object: unknown, kind: string, container: string): boolean {
  const apiVersion = String(getPath(object, ['apiVersion']) ?? '');
  return kind === 'Pooler' && apiVersion.startsWith('postgresql.cnpg.io/') && container === 'pgbouncer';
}

const OPERATOR_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  privileged: false,
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function withOperatorSecurity(container: Record<string, unknown>): Record<string, unknown> {
  return { ...container, securityContext: { ...asRecord(container.securityContext), ...OPERATOR_SECURITY_CONTEXT } };
}

/** Path of a container in its document. */
export function containerPath(target: Pick<WorkloadContainer, 'path'>): (string | number)[] {
  return [...target.path];
}

/** `Container x of Deployment ns/name`, `Init container …`, or `Container x in the values of HelmRelease ns/name`. */
export function describeContainer(target: WorkloadContainer): string {
  const what = target.list === 'initContainers' ? 'Init container' : 'Container';
  const where = target.source === 'helm-values' ? 'in the values of' : 'of';
  const name = target.ref.namespace ? `${target.ref.namespace}/${target.ref.name}` : target.ref.name;
  return `${what} ${target.name} ${where} ${target.ref.kind} ${name}`;
}
