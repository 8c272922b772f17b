import { parseYamlDocuments } from '@triad/analyzers';

/** One object of a YAML file, with the identity that matches it across revisions. */
export interface ManifestDoc {
  apiVersion: string;
  kind: string;
  namespace?: string;
  /** `metadata.name`, or `#<n>` for the n-th unnamed object of its kind in the file. */
  name: string;
  /** The document as plain data. */
  value: unknown;
}

export type ParsedYaml = { ok: true; docs: ManifestDoc[] } | { ok: false; error: string };

/** True for paths the tool layer treats as YAML manifests. */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Parses every document of a YAML text; empty documents are skipped. Duplicate keys count as errors. */
export function parseYaml(text: string): ParsedYaml {
  const docs: ManifestDoc[] = [];
  const unnamed = new Map<string, number>();
  try {
    for (const doc of parseYamlDocuments(text, { uniqueKeys: true, logLevel: 'error' })) {
      const error = doc.errors[0];
      if (error) return { ok: false, error: error.message.split('\n')[0] ?? error.code };
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) continue;
      const record = asRecord(value);
      const metadata = asRecord(record?.metadata);
      const apiVersion = typeof record?.apiVersion === 'string' ? record.apiVersion : '';
      const kind = typeof record?.kind === 'string' ? record.kind : '';
      const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
      let name = typeof metadata?.name === 'string' ? metadata.name : undefined;
      if (name === undefined) {
        const n = (unnamed.get(kind) ?? 0) + 1;
        unnamed.set(kind, n);
        name = `#${n}`;
      }
      docs.push(
        namespace === undefined ? { apiVersion, kind, name, value } : { apiVersion, kind, namespace, name, value },
      );
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
  return { ok: true, docs };
}

/** Identity of an object regardless of its API version: `kind/namespace/name`. */
export function objectKey(doc: Pick<ManifestDoc, 'kind' | 'namespace' | 'name'>): string {
  return `${doc.kind}/${doc.namespace ?? ''}/${doc.name}`;
}

/** Human name of an object: `Deployment media/jellyfin`, or `Namespace media` when cluster-scoped. */
export function objectLabel(doc: Pick<ManifestDoc, 'kind' | 'namespace' | 'name'>): string {
  return `${doc.kind || 'object'} ${doc.namespace ? `${doc.namespace}/` : ''}${doc.name}`;
}

/**
 * Pairs the objects of two revisions of a file: first by apiVersion/kind/namespace/name, then, for the rest, by
 * kind/namespace/name (so an API version bump reads as a change, not a delete and an add).
 */
export function matchDocs(
  before: ManifestDoc[],
  after: ManifestDoc[],
): { pairs: [ManifestDoc, ManifestDoc][]; removed: ManifestDoc[]; added: ManifestDoc[] } {
  const pairs: [ManifestDoc, ManifestDoc][] = [];
  const left = [...before];
  const unmatched: ManifestDoc[] = [];
  const exact = (d: ManifestDoc) => `${d.apiVersion}|${objectKey(d)}`;
  for (const doc of after) {
    const i = left.findIndex((b) => exact(b) === exact(doc));
    if (i >= 0) pairs.push([left.splice(i, 1)[0]!, doc]);
    else unmatched.push(doc);
  }
  const added: ManifestDoc[] = [];
  for (const doc of unmatched) {
    const i = left.findIndex((b) => objectKey(b) === objectKey(doc));
    if (i >= 0) pairs.push([left.splice(i, 1)[0]!, doc]);
    else added.push(doc);
  }
  return { pairs, removed: left, added };
}
