import { asRecord, getPath } from '../parse/k8s-object';
import { lineOf, type ManifestDocument } from '../parse/manifest-document';
import { parseYamlValue } from '../parse/yaml-documents';

/**
 * What a HelmRelease's `postRenderers` kustomize patches put into the rendered objects: strategic-merge patches as
 * written, and the values of JSON 6902 `add`/`replace` ops nested under their paths. Triad does not render charts,
 * so the checks read these fragments as they read chart values: for what they set, never for what they leave out.
 */
export function postRendererFragments(object: unknown): unknown[] {
  const renderers = getPath(object, ['spec', 'postRenderers']);
  const fragments: unknown[] = [];
  for (const renderer of Array.isArray(renderers) ? renderers : []) {
    const kustomize = asRecord(asRecord(renderer)?.kustomize);
    if (!kustomize) continue;
    for (const entry of list(kustomize.patches)) {
      const text = asRecord(entry)?.patch;
      if (typeof text !== 'string') continue;
      let patch: unknown;
      try {
        patch = parseYamlValue(text, { logLevel: 'error' });
      } catch {
        continue;
      }
      fragments.push(...(Array.isArray(patch) ? opFragments(patch) : [patch]));
    }
    for (const patch of list(kustomize.patchesStrategicMerge)) fragments.push(patch);
    for (const entry of list(kustomize.patchesJson6902)) fragments.push(...opFragments(list(asRecord(entry)?.patch)));
  }
  return fragments.filter((fragment) => asRecord(fragment) !== undefined);
}

/**
 * A HelmRelease document whose `spec.values` holds its post-renderer fragments (`postRenderers: [...]`), placed at
 * the line of `spec.postRenderers`, so the pod-level and container checks find what the patches add; undefined when
 * it has none.
 */
export function postRendererDocument(document: ManifestDocument): ManifestDocument | undefined {
  const fragments = postRendererFragments(document.object);
  if (fragments.length === 0) return undefined;
  const object = asRecord(document.object) ?? {};
  const line = lineOf(document, ['spec', 'postRenderers']);
  return {
    file: document.file,
    index: document.index,
    line,
    range: document.range,
    object: { ...object, spec: { values: { postRenderers: fragments } } },
    get doc() {
      return document.doc;
    },
    get lineCounter() {
      return document.lineCounter;
    },
  };
}

function opFragments(ops: readonly unknown[]): unknown[] {
  return ops.flatMap((entry) => {
    const op = asRecord(entry);
    if ((op?.op !== 'add' && op?.op !== 'replace') || typeof op.path !== 'string') return [];
    const keys = op.path
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    return [keys.reduceRight<unknown>((inner, key) => (/^(\d+|-)$/.test(key) ? [inner] : { [key]: inner }), op.value)];
  });
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
