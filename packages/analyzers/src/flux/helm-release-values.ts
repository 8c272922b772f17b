import { posix } from 'node:path';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { parseYamlValue } from '../parse/yaml-documents';
import { isSopsEncrypted } from './sops';
import type { ValuesSource } from './values-sources';

/** One `spec.valuesFrom` entry of a HelmRelease. */
interface ValuesReference {
  kind: string;
  name: string;
  valuesKey: string;
  targetPath?: string;
}

/**
 * The values helm-controller installs a HelmRelease with, as far as the repository says: each `valuesFrom` source the
 * repo builds, merged in order (`valuesKey`, default `values.yaml`; `targetPath` sets one value), then the inline
 * `values` on top. Sources the repo does not hold (made by hand, SOPS-encrypted) are left out. Undefined when no
 * `valuesFrom` source is found: the inline values stand as written.
 */
export function mergedHelmValues(
  document: ManifestDocument,
  sources: readonly ValuesSource[],
): Record<string, unknown> | undefined {
  const references = valuesReferences(document.object);
  if (references.length === 0) return undefined;
  const namespace = getPath(document.object, ['metadata', 'namespace']);
  let merged: Record<string, unknown> = {};
  let found = false;
  for (const reference of references) {
    const source = pickSource(sources, reference, typeof namespace === 'string' ? namespace : undefined, document.file);
    const text = source?.data.get(reference.valuesKey);
    if (text === undefined) continue;
    if (reference.targetPath) {
      merged = deepMerge(merged, nested(reference.targetPath.split('.'), text)) as Record<string, unknown>;
      found = true;
      continue;
    }
    let values: unknown;
    try {
      values = parseYamlValue(text, { logLevel: 'error' });
    } catch {
      continue;
    }
    const record = asRecord(values);
    if (!record) continue;
    merged = deepMerge(merged, withoutSopsMetadata(record)) as Record<string, unknown>;
    found = true;
  }
  if (!found) return undefined;
  return deepMerge(merged, asRecord(getPath(document.object, ['spec', 'values'])) ?? {}) as Record<string, unknown>;
}

/**
 * A values file a generator made from a SOPS-encrypted file, as the controller hands it on: decrypted, without the
 * `sops` block (its recipients and MAC are no values, and an age recipient is a public key, not a credential).
 */
function withoutSopsMetadata(values: Record<string, unknown>): Record<string, unknown> {
  if (!isSopsEncrypted(values)) return values;
  const { sops: _metadata, ...rest } = values;
  return rest;
}

function valuesReferences(object: unknown): ValuesReference[] {
  const list = getPath(object, ['spec', 'valuesFrom']);
  return (Array.isArray(list) ? list : []).flatMap((entry): ValuesReference[] => {
    const record = asRecord(entry);
    if (typeof record?.name !== 'string') return [];
    return [
      {
        kind: typeof record.kind === 'string' ? record.kind : 'ConfigMap',
        name: record.name,
        valuesKey: typeof record.valuesKey === 'string' ? record.valuesKey : 'values.yaml',
        ...(typeof record.targetPath === 'string' ? { targetPath: record.targetPath } : {}),
      },
    ];
  });
}

/** Same kind and name; then the same namespace; then the one declared nearest the HelmRelease. */
function pickSource(
  sources: readonly ValuesSource[],
  reference: ValuesReference,
  namespace: string | undefined,
  file: string,
): ValuesSource | undefined {
  const candidates = sources.filter(
    (s) =>
      s.kind === reference.kind &&
      s.name === reference.name &&
      (!s.namespace || !namespace || s.namespace === namespace),
  );
  const shared = (other: string) => {
    const a = posix.dirname(file).split('/');
    const b = posix.dirname(other).split('/');
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i;
  };
  return candidates.sort((x, y) => shared(y.file) - shared(x.file))[0];
}

function nested(keys: string[], value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** Helm's merge: maps merge key by key, anything else replaces; a null in `over` removes the key. */
export function deepMerge(base: unknown, over: unknown): unknown {
  const a = asRecord(base);
  const b = asRecord(over);
  if (!a || !b) return over;
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === null) delete out[key];
    else out[key] = deepMerge(out[key], value);
  }
  return out;
}
