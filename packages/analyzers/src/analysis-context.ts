import type { RepoFiles } from '@triad/core';
import { buildFluxModel, type FluxModel } from './flux/flux-kustomization';
import type { ManifestDocument } from './parse/manifest-document';
import { parseManifests } from './parse/parse-manifests';

/** Everything a check reads: built once per analysis, shared by all checks. */
export interface AnalysisContext {
  files: RepoFiles;
  /** Every document of every YAML file that parsed. */
  documents: readonly ManifestDocument[];
  flux: FluxModel;
}

/** The context, and the parse errors met while building it. */
export function buildAnalysisContext(files: RepoFiles): {
  context: AnalysisContext;
  parseFindings: ReturnType<typeof parseManifests>['findings'];
} {
  const { documents, findings } = parseManifests(files);
  return { context: { files, documents, flux: buildFluxModel(files, documents) }, parseFindings: findings };
}
