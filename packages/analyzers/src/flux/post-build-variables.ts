import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import type { PostBuild } from './flux-kustomization';
import { isKustomizationFile, kustomizationConfig } from './kustomize-build-files';
import { isSopsEncrypted } from './sops';
import { substitutionDisabled } from './substitution-variables';
import type { ValuesSource } from './values-sources';

/** What a Kustomization's postBuild gives one variable: a value, nothing (no source sets it), or unknown to the repo. */
export type VariableValue = { value: string } | 'unset' | 'unknown';

/** A ConfigMap or Secret a `substituteFrom` may name, with its keys; a key's value is undefined when SOPS hides it. */
export interface SubstitutionData {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** Undefined when the repo leaves it to kustomize or Flux. */
  namespace?: string;
  file: string;
  values: Map<string, string | undefined>;
}

/**
 * The ConfigMaps and Secrets of the repository as a `substituteFrom` reads them: the readable `sources` (an env file a
 * generator reads becomes its keys, as kustomize makes them), and the SOPS-encrypted manifests by their keys alone.
 */
export function substitutionData(
  files: RepoFiles,
  documents: readonly ManifestDocument[],
  sources: readonly ValuesSource[],
): SubstitutionData[] {
  const readable = sources.map(
    (s): SubstitutionData => ({
      kind: s.kind,
      name: s.name,
      ...(s.namespace ? { namespace: s.namespace } : {}),
      file: s.file,
      values: new Map([...s.data, ...generatorEnvs(files, s)]),
    }),
  );
  const sealed = documents.flatMap((document): SubstitutionData[] => {
    const ref = resourceRefOf(document.object);
    if ((ref?.kind !== 'ConfigMap' && ref?.kind !== 'Secret') || !isSopsEncrypted(document.object)) return [];
    const keys = ['data', 'stringData'].flatMap((field) =>
      Object.keys(asRecord(getPath(document.object, [field])) ?? {}),
    );
    return [
      {
        kind: ref.kind,
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
        file: document.file,
        values: new Map(keys.map((key) => [key, undefined])),
      },
    ];
  });
  return [...readable, ...sealed];
}

/** The `KEY=value` lines of a generator's `envs` files; a missing file makes every key unknown (`*`). */
function generatorEnvs(files: RepoFiles, source: ValuesSource): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!isKustomizationFile(source.file)) return out;
  const config = kustomizationConfig(files, source.file);
  const key = source.kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator';
  const generators = Array.isArray(config?.[key]) ? config[key] : [];
  const generator = generators.map(asRecord).find((g) => g?.name === source.name);
  const envs = [...(Array.isArray(generator?.envs) ? generator.envs : []), generator?.env];
  for (const env of envs) {
    if (typeof env !== 'string') continue;
    const text = files.get(posix.normalize(posix.join(posix.dirname(source.file), env)).replace(/^\.\//, ''));
    if (text === undefined) out.set('*', undefined);
    for (const line of (text ?? '').split('\n')) {
      const match = /^\s*([^#=\s][^=]*?)\s*=(.*)$/.exec(line);
      if (match) out.set(match[1]!, match[2]!);
    }
  }
  return out;
}

/**
 * The variables `postBuild` gives the objects its Kustomization builds, as Flux merges them: the `substituteFrom`
 * sources in order (a later one wins), then the inline `substitute` over all. A source is read from its declarations
 * `inChain` (what the Kustomization and those above it build: its own cluster's) when there are any, else from all
 * of them; declarations that disagree, a value SOPS hides, or an env file the repo lacks make the variable unknown. A
 * source the repository does not declare is taken to set nothing.
 */
export function postBuildVariables(
  postBuild: PostBuild,
  namespace: string,
  data: readonly SubstitutionData[],
  inChain: (file: string) => boolean,
): (name: string) => VariableValue {
  return (name) => {
    const inline = postBuild.substitute[name];
    if (inline !== undefined) return { value: inline };
    for (const source of [...postBuild.substituteFrom].reverse()) {
      const declared = data.filter(
        (d) =>
          d.kind === source.kind &&
          d.name === source.name &&
          (!d.namespace || d.namespace === (source.namespace ?? namespace)),
      );
      const mine = declared.filter((d) => inChain(d.file));
      const readings = new Map(
        (mine.length > 0 ? mine : declared).map((d) => reading(d, name)).map((r) => [JSON.stringify(r), r]),
      );
      if (readings.size > 1) return 'unknown';
      const [only] = readings.values();
      if (only !== undefined && only !== 'unset') return only;
    }
    return 'unset';
  };
}

/** What one declaration of a source says of a variable. */
function reading(declaration: SubstitutionData, name: string): VariableValue {
  if (declaration.values.has(name)) {
    const value = declaration.values.get(name);
    return value === undefined ? 'unknown' : { value };
  }
  return declaration.values.has('*') ? 'unknown' : 'unset';
}

const REFERENCE = /(\$?)\$\{([^}]*)\}/g;
/** A name, then the default operators Flux's envsubst reads: `:=`/`:-` (unset or empty), `=`/`-` (unset). */
const WITH_DEFAULT = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?)[-=](.*))?$/s;

/**
 * `text` with its `${VAR}`s substituted as Flux does (`$${VAR}` is an escape for a literal `${VAR}`); undefined when a
 * variable is unknown, or set by nothing and without a default (Flux would leave an empty string, but a source the
 * repository cannot see may set it), or uses an operator this does not model.
 */
export function substituteText(text: string, variables: (name: string) => VariableValue): string | undefined {
  let unresolved = false;
  const out = text.replace(REFERENCE, (whole, escaped: string, body: string) => {
    if (escaped === '$') return whole.slice(1);
    const match = WITH_DEFAULT.exec(body);
    const variable = match ? variables(match[1]!) : 'unknown';
    if (!match || variable === 'unknown') {
      unresolved = true;
      return whole;
    }
    const [, , colon, fallback] = match;
    const empty = typeof variable === 'object' && variable.value === '';
    if (typeof variable === 'object' && !(empty && colon === ':' && fallback !== undefined)) return variable.value;
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return whole;
  });
  return unresolved ? undefined : out;
}

/** The fields of a Flux Kustomization that say what it builds and from where. */
const SPEC_FIELDS = [['path'], ['components'], ['sourceRef', 'name']] as const;

/**
 * A child Flux Kustomization as its parent applies it: `spec.path`, each of `spec.components` and
 * `spec.sourceRef.name` substituted with the parent's `variables`, each left as written when it cannot be resolved.
 * The object itself when nothing changes, or when it opts out (`kustomize.toolkit.fluxcd.io/substitute: disabled`).
 */
export function withSubstitutedSpec(object: unknown, variables: (name: string) => VariableValue): unknown {
  if (substitutionDisabled(object)) return object;
  const substitute = (value: unknown) =>
    typeof value === 'string' && value.includes('${') ? (substituteText(value, variables) ?? value) : value;
  let result = object;
  for (const field of SPEC_FIELDS) {
    const written = getPath(object, ['spec', ...field]);
    const applied = Array.isArray(written) ? written.map(substitute) : substitute(written);
    const same = Array.isArray(written)
      ? written.every((item, i) => item === (applied as unknown[])[i])
      : applied === written;
    if (!same) result = withSpecField(result, field, applied);
  }
  return result;
}

/** A copy of `object` with `spec.<field>` replaced (shared documents are frozen). */
function withSpecField(object: unknown, field: readonly string[], value: unknown): unknown {
  const set = (record: unknown, [key, ...rest]: readonly string[]): Record<string, unknown> => ({
    ...asRecord(record),
    [key!]: rest.length === 0 ? value : set(asRecord(record)?.[key!], rest),
  });
  return set(object, ['spec', ...field]);
}
