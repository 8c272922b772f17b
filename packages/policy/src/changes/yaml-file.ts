import { deepFreeze, parseYamlDocuments } from '@triad/analyzers';

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

/** More alias expansions than this in one document is an alias bomb ("billion laughs"), not configuration. */
export const MAX_ALIAS_COUNT = 100;

export type ParsedYaml = { ok: true; docs: ManifestDoc[] } | { ok: false; error: string };

/** True for paths the tool layer treats as YAML manifests: the one rule, from @triad/core. */
export { isYamlPath } from '@triad/core';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The texts parsed last, most recent last: one edit is parsed by the guardrails, the risk floor, the masked diff and
 * the change description in turn, and by the review and assessment after it. Results are frozen, so no caller can
 * change what the next one reads. A worker has dozens of tasks between their draft and their assessment at once, so
 * the cache holds hundreds of texts, bounded by their characters as well.
 */
const recent = new Map<string, ParsedYaml>();
let recentCharacters = 0;
const RECENT_TEXTS = 1024;
const RECENT_MAX_CHARACTERS = 1024 * 1024;
const RECENT_TOTAL_CHARACTERS = 8 * 1024 * 1024;

/** Parses every document of a YAML text; empty documents are skipped. Duplicate keys count as errors. */
export function parseYaml(text: string): ParsedYaml {
  const known = recent.get(text);
  if (known) {
    recent.delete(text);
    recent.set(text, known);
    return known;
  }
  const parsed = parseFresh(text);
  if (text.length <= RECENT_MAX_CHARACTERS) {
    deepFreeze(parsed);
    recent.set(text, parsed);
    recentCharacters += text.length;
    for (const oldest of recent.keys()) {
      if (recent.size <= RECENT_TEXTS && recentCharacters <= RECENT_TOTAL_CHARACTERS) break;
      recent.delete(oldest);
      recentCharacters -= oldest.length;
    }
  }
  return parsed;
}

function parseFresh(text: string): ParsedYaml {
  const docs: ManifestDoc[] = [];
  const unnamed = new Map<string, number>();
  try {
    for (const doc of parseYamlDocuments(text, { uniqueKeys: true, logLevel: 'error' })) {
      const error = doc.errors[0];
      if (error) return { ok: false, error: error.message.split('\n')[0] ?? error.code };
      const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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
  // Each revision's objects are indexed by identity once: a file of thousands of documents in another order is paired
  // in linear time (a search of the rest per object was quadratic).
  const taken = new Set<ManifestDoc>();
  const index = (key: (d: ManifestDoc) => string) => {
    const byKey = new Map<string, ManifestDoc[]>();
    for (const doc of before) {
      const k = key(doc);
      const same = byKey.get(k);
      if (same) same.push(doc);
      else byKey.set(k, [doc]);
    }
    return (doc: ManifestDoc) => {
      const same = byKey.get(key(doc));
      while (same?.length && taken.has(same[0]!)) same.shift();
      const found = same?.shift();
      if (found) taken.add(found);
      return found;
    };
  };
  const exact = index((d) => `${d.apiVersion}|${objectKey(d)}`);
  const loose = index(objectKey);
  const pairs: [ManifestDoc, ManifestDoc][] = [];
  const unmatched: ManifestDoc[] = [];
  for (const doc of after) {
    const found = exact(doc);
    if (found) pairs.push([found, doc]);
    else unmatched.push(doc);
  }
  const added: ManifestDoc[] = [];
  for (const doc of unmatched) {
    const found = loose(doc);
    if (found) pairs.push([found, doc]);
    else added.push(doc);
  }
  return { pairs, removed: before.filter((doc) => !taken.has(doc)), added };
}
