import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { isKustomizationFile, kustomizationConfig } from './kustomize-build-files';
import { isSopsEncrypted } from './sops';

/** A ConfigMap or Secret the repository builds, with its readable data (keys to text). */
export interface ValuesSource {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** Undefined when the repo leaves it to the Kustomization's target namespace. */
  namespace?: string;
  /** The file that declares it: a kustomization.yaml (generator) or a manifest. */
  file: string;
  data: Map<string, string>;
}

/**
 * ConfigMaps and Secrets whose content the repository holds in clear: `configMapGenerator`/`secretGenerator` entries of
 * kustomization.yaml files (their `files` and `literals`), and ConfigMap/Secret manifests that are not SOPS-encrypted.
 */
export function valuesSources(files: RepoFiles, documents: readonly ManifestDocument[]): ValuesSource[] {
  const out: ValuesSource[] = [];
  for (const path of files.keys()) {
    if (!isKustomizationFile(path)) continue;
    const config = kustomizationConfig(files, path);
    if (!config) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    for (const [key, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      for (const entry of list(config?.[key])) {
        const generator = asRecord(entry);
        if (typeof generator?.name !== 'string') continue;
        const data = new Map<string, string>();
        for (const item of list(generator.files)) {
          if (typeof item !== 'string') continue;
          const [name, source] = item.includes('=')
            ? [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]
            : [posix.basename(item), item];
          const text = files.get(posix.normalize(posix.join(dir, source)).replace(/^\.\//, ''));
          if (text !== undefined) data.set(name, text);
        }
        for (const item of list(generator.literals)) {
          if (typeof item === 'string' && item.includes('='))
            data.set(item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1));
        }
        const namespace = generator.namespace ?? config?.namespace;
        out.push({
          kind,
          name: generator.name,
          ...(typeof namespace === 'string' ? { namespace } : {}),
          file: path,
          data,
        });
      }
    }
  }
  for (const document of documents) {
    const object = asRecord(document.object);
    if ((object?.kind !== 'ConfigMap' && object?.kind !== 'Secret') || isSopsEncrypted(object)) continue;
    const name = getPath(object, ['metadata', 'name']);
    if (typeof name !== 'string') continue;
    const data = new Map<string, string>();
    for (const [key, value] of Object.entries(asRecord(object.stringData) ?? {})) data.set(key, String(value));
    for (const [key, value] of Object.entries(asRecord(object.data) ?? {})) {
      data.set(key, object.kind === 'Secret' ? Buffer.from(String(value), 'base64').toString('utf8') : String(value));
    }
    const namespace = getPath(object, ['metadata', 'namespace']);
    out.push({
      kind: object.kind,
      name,
      ...(typeof namespace === 'string' ? { namespace } : {}),
      file: document.file,
      data,
    });
  }
  return out;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
