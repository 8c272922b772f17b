import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { getPath } from '../parse/k8s-object';

/** One analyzer rule. Pure: the same context gives the same findings. */
export interface Check {
  /** Stable identifier, the first segment of the ids of its findings. */
  id: string;
  /** One line on what it looks for, for docs and `triad scan --list`. */
  description: string;
  run(context: AnalysisContext): Finding[];
}

/**
 * The documents that are whole objects: those of kustomize patch files left out, and objects Flux merges into what
 * the cluster already has (`kustomize.toolkit.fluxcd.io/ssa: merge`, a few fields laid over a CoreDNS the
 * distribution manages). What a check says a manifest leaves out (no securityContext, no limits) is only true of a
 * whole object; a patch leaves out all it does not change.
 */
export function wholeObjects(context: Pick<AnalysisContext, 'documents' | 'patchFiles'>) {
  return context.documents.filter(
    (document) => !context.patchFiles.has(document.file) && !mergedIntoLive(document.object),
  );
}

function mergedIntoLive(object: unknown): boolean {
  const annotations = getPath(object, ['metadata', 'annotations']);
  return typeof annotations === 'object' && annotations !== null
    ? (annotations as Record<string, unknown>)['kustomize.toolkit.fluxcd.io/ssa'] === 'merge'
    : false;
}
