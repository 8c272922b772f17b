import { asRecord, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { producedSecret } from '../parse/produced-secret';

/**
 * The keys of each Secret and ConfigMap the repository declares or has an operator make (`producedSecret`: an
 * ExternalSecret's target, by its template and `data` entries), by name: what a container's `envFrom` brings into its environment. Set for each
 * analysis, as `useChartSources` is (`analyzeRepo` runs one at a time).
 */
let keysByName: ReadonlyMap<string, ReadonlySet<string>> = new Map();
let signature = '';
/** Changes whenever what `envFromNames` answers changes: part of the key of what is cached per document. */
export let envSourcesVersion = 0;

/** Reads the keys of the environment sources of `documents`, for the analysis about to run over them. */
export function useEnvSources(documents: readonly ManifestDocument[]): void {
  const keys = new Map<string, Set<string>>();
  const add = (name: unknown, names: readonly string[]) => {
    if (typeof name !== 'string' || name === '') return;
    const set = keys.get(name) ?? new Set<string>();
    for (const key of names) set.add(key);
    keys.set(name, set);
  };
  for (const document of documents) {
    const ref = resourceRefOf(document.object);
    const record = asRecord(document.object);
    if (ref?.kind === 'Secret' || ref?.kind === 'ConfigMap') {
      add(
        ref.name,
        ['data', 'stringData'].flatMap((field) => Object.keys(asRecord(record?.[field]) ?? {})),
      );
    } else {
      const produced = producedSecret(document.object);
      if (produced) add(produced.name, produced.keys);
    }
  }
  keysByName = keys;
  const next = JSON.stringify([...keys].map(([name, set]) => [name, [...set].sort()]).sort());
  if (next !== signature) {
    signature = next;
    envSourcesVersion++;
  }
}

/** The names a container's environment gets from its `envFrom` sources the repository shows. */
export function envFromNames(container: Record<string, unknown>): string[] {
  const sources = Array.isArray(container.envFrom) ? container.envFrom : [];
  return sources.flatMap((source) => {
    const entry = asRecord(source);
    const name = asRecord(entry?.secretRef)?.name ?? asRecord(entry?.configMapRef)?.name;
    const prefix = typeof entry?.prefix === 'string' ? entry.prefix : '';
    return typeof name === 'string' ? [...(keysByName.get(name) ?? [])].map((key) => `${prefix}${key}`) : [];
  });
}
