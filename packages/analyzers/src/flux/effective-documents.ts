import type { RepoFiles } from '@triad/core';
import { asRecord } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { mergedHelmValues } from './helm-release-values';
import { postRendererDocument } from './post-renderers';
import { type ValuesSource, valuesSources } from './values-sources';

/**
 * The documents as the checks should judge them: each HelmRelease with the values helm-controller merges from its
 * `valuesFrom` sources and inline `values`, followed by one document for what its `postRenderers` patch in.
 * Every other document is returned as parsed.
 */
export function effectiveDocuments(
  files: RepoFiles,
  documents: readonly ManifestDocument[],
  sources: readonly ValuesSource[] = valuesSources(files, documents),
): ManifestDocument[] {
  if (!documents.some((d) => asRecord(d.object)?.kind === 'HelmRelease')) return [...documents];
  const out: ManifestDocument[] = [];
  const rendered: ManifestDocument[] = [];
  for (const document of documents) {
    const object = asRecord(document.object);
    if (object?.kind !== 'HelmRelease') {
      out.push(document);
      continue;
    }
    const values = mergedHelmValues(document, sources);
    out.push(values ? withObject(document, { ...object, spec: { ...asRecord(object.spec), values } }) : document);
    const post = postRendererDocument(document);
    if (post) rendered.push(post);
  }
  return [...out, ...rendered];
}

export function withObject(document: ManifestDocument, object: unknown): ManifestDocument {
  return {
    file: document.file,
    index: document.index,
    line: document.line,
    range: document.range,
    object,
    get doc() {
      return document.doc;
    },
    get lineCounter() {
      return document.lineCounter;
    },
  };
}
