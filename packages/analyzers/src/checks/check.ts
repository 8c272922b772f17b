import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';

/** One analyzer rule. Pure: the same context gives the same findings. */
export interface Check {
  /** Stable identifier, the first segment of the ids of its findings. */
  id: string;
  /** One line on what it looks for, for docs and `triad scan --list`. */
  description: string;
  run(context: AnalysisContext): Finding[];
}

/**
 * The documents that are whole objects: those of kustomize patch files left out. What a check says a manifest leaves
 * out (no securityContext, no limits) is only true of a whole object; a patch leaves out all it does not change.
 */
export function wholeObjects(context: Pick<AnalysisContext, 'documents' | 'patchFiles'>) {
  return context.patchFiles.size === 0
    ? context.documents
    : context.documents.filter((document) => !context.patchFiles.has(document.file));
}
