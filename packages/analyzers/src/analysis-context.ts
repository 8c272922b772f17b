import type { RepoFiles, ResourceRef } from '@triad/core';
import { useChartSources } from './charts/chart-of';
import { useEnvSources } from './charts/env-sources';
import { useLocalCharts } from './charts/local-charts';
import type { ClusterObjects } from './cluster/cluster-objects';
import { effectiveDocuments, withObject } from './flux/effective-documents';
import { buildFluxModel, type FluxModel } from './flux/flux-kustomization';
import { kustomizeInputs } from './flux/kustomize-build-files';
import { valuesSources } from './flux/values-sources';
import { asRecord, resourceRefOf } from './parse/k8s-object';
import type { ManifestDocument } from './parse/manifest-document';
import { parseManifests } from './parse/parse-manifests';
import { appliedNamespace } from './workloads/deployed-namespaces';

/** Everything a check reads: built once per analysis, shared by all checks. */
export interface AnalysisContext {
  files: RepoFiles;
  /**
   * Every document of every YAML file that parsed, as Flux applies it: HelmReleases carry their merged `valuesFrom`
   * and inline values, and each HelmRelease with `postRenderers` is followed by a document of what they patch in.
   */
  documents: readonly ManifestDocument[];
  flux: FluxModel;
  /** Files kustomize reads only as patches: fragments of objects declared elsewhere (see `KustomizeInputs`). */
  patchFiles: ReadonlySet<string>;
  /** YAML files of local Helm charts (templates, values): no documents, but committed text all the same. */
  chartFiles: readonly string[];
  /** The live cluster, when one was read; checks of cluster state report nothing without it. */
  cluster?: ClusterObjects;
  /**
   * Paths the repository has but the analysis did not read (a symbolic link, a file over the size limit, text that is
   * not UTF-8): no check may take one for missing.
   */
  unreadable: ReadonlySet<string>;
  /** The document of the repo that declares an object (kind, namespace, name), if any. */
  declaration(ref: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): ManifestDocument | undefined;
}

/** The context, and the parse errors met while building it. */
export function buildAnalysisContext(
  files: RepoFiles,
  cluster?: ClusterObjects,
  unreadable: ReadonlySet<string> = new Set(),
): {
  context: AnalysisContext;
  parseFindings: ReturnType<typeof parseManifests>['findings'];
} {
  const { documents: parsed, findings, chartFiles } = parseManifests(files);
  const inputs = kustomizeInputs(files);
  // Generated ConfigMaps and Secrets feed both HelmRelease values and the Flux operator's sync: read once.
  const sources = valuesSources(files, parsed);
  const flux = buildFluxModel(files, parsed, sources);
  // Each object in the namespace it lands in, where kustomize or Flux gives it one (its findings name it there).
  const documents = withAppliedNamespaces({ documents: effectiveDocuments(files, parsed, sources), flux });
  // Which chart each OCIRepository holds: a HelmRelease's chartRef is known by it, not guessed from its values.
  useChartSources(documents);
  // Which charts of the repository itself HelmReleases install: their templates say what of the values they render.
  useLocalCharts(files, documents);
  // What each Secret and ConfigMap holds, for containers that take them whole with envFrom.
  useEnvSources(documents);
  const byRef = new Map<string, ManifestDocument>();
  for (const document of documents) {
    const ref = resourceRefOf(document.object);
    if (ref && !byRef.has(refKey(ref))) byRef.set(refKey(ref), document);
  }
  const declaration = (ref: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>) => byRef.get(refKey(ref));
  return {
    context: {
      files,
      documents,
      flux,
      patchFiles: inputs.patches,
      chartFiles,
      ...(cluster ? { cluster } : {}),
      unreadable,
      declaration,
    },
    // kustomize copies a generator's input into a ConfigMap as text: YAML that does not parse there stops no build.
    parseFindings: findings.filter(
      (finding) => finding.file === undefined || !inputs.generatorInputs.has(finding.file),
    ),
  };
}

/** `documents` with each object that names no namespace, or another, in the one kustomize or Flux applies it to. */
function withAppliedNamespaces(context: Pick<AnalysisContext, 'documents' | 'flux'>): ManifestDocument[] {
  return context.documents.map((document) => {
    const namespace = appliedNamespace(context, document);
    const object = asRecord(document.object);
    const metadata = asRecord(object?.metadata);
    if (namespace === undefined || !object || !metadata || metadata.namespace === namespace) return document;
    return withObject(document, { ...object, metadata: { ...metadata, namespace } });
  });
}

function refKey(ref: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}
