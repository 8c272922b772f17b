import {
  applyFluxPatches,
  fluxPatchesOf,
  isSopsEncrypted,
  kustomizeBuild,
  normalizeRepoDir,
  parseYamlDocuments,
} from '@triad/analyzers';
import { substitute } from './substitution';

/** What kustomize-controller would make of one Kustomization at one revision. */
export type BuildResult =
  | { ok: true; objects: Array<Record<string, unknown>> }
  | { ok: false; reason: 'BuildFailed' | 'ReconciliationFailed'; message: string };

/** The parts of a Flux Kustomization's spec a build reads. */
export interface BuildSpec {
  path?: string;
  targetNamespace?: string;
  decryption?: { provider?: string; secretRef?: { name?: string } };
  postBuild?: {
    substitute?: Record<string, string>;
    substituteFrom?: Array<{ kind?: string; name?: string; optional?: boolean }>;
  };
  /** Patches applied to every object of the build that they target (child Kustomizations included). */
  patches?: Array<{ patch?: string; target?: Record<string, unknown> }>;
}

/** What the build may look up in the cluster. */
export interface BuildLookups {
  namespace: string;
  /** Keys and values of a ConfigMap or Secret, or undefined when it does not exist. */
  values(kind: string, namespace: string, name: string): Map<string, string> | undefined;
}

const TMP = '/tmp/kustomization-417';

class BuildError extends Error {
  constructor(
    readonly reason: 'BuildFailed' | 'ReconciliationFailed',
    message: string,
  ) {
    super(message);
  }
}

/** Builds the Kustomization's path the way Flux fails or succeeds on the common causes. */
export function buildKustomization(
  files: ReadonlyMap<string, string>,
  spec: BuildSpec,
  lookups: BuildLookups,
): BuildResult {
  try {
    const dir = normalizeRepoDir(spec.path);
    if (dir !== '' && ![...files.keys()].some((path) => path.startsWith(`${dir}/`))) {
      throw new BuildError(
        'BuildFailed',
        `kustomization path not found: stat ${TMP}/${dir}: no such file or directory`,
      );
    }
    const resourceFiles = collect(files, dir);
    const values = substitutionValues(spec, lookups);
    const documents = resourceFiles.flatMap((file) =>
      parseFile(file, files.get(file) ?? '').map((object) => ({ file, object })),
    );
    // Encrypted files are what kustomize-controller meets first: before any variable is looked at.
    const encrypted = spec.decryption ? undefined : documents.find(({ object }) => isSopsEncrypted(object));
    if (encrypted) decrypt(encrypted.object, displayName(encrypted.object, spec), spec, lookups);
    const patches = fluxPatchesOf({ spec });
    const objects = documents.map(({ file, object }) => prepare(object, file, spec, lookups, values));
    return {
      ok: true,
      objects: patches.length
        ? objects.map((object) => applyFluxPatches(object, patches) as Record<string, unknown>)
        : objects,
    };
  } catch (error) {
    if (error instanceof BuildError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

/** The files of the build, as the analyzers read them (one model of the Flux build); a missing entry fails it. */
function collect(files: ReadonlyMap<string, string>, dir: string): string[] {
  const build = kustomizeBuild(files, dir);
  const missing = build.missing[0];
  if (missing) {
    const { entry, target } = missing;
    throw new BuildError(
      'BuildFailed',
      `kustomize build failed: accumulating resources: accumulation err='accumulating resources from '${entry}': ` +
        `open ${TMP}/${target}: no such file or directory': must build at directory: not a valid directory: ` +
        `evalsymlink failure on '${TMP}/${target}' : lstat ${TMP}/${target}: no such file or directory`,
    );
  }
  return build.files;
}

function parseFile(file: string, text: string): Array<Record<string, unknown>> {
  const docs = parseYamlDocuments(text);
  const documents = Array.isArray(docs) ? docs : [];
  const error = documents.flatMap((doc) => doc.errors)[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new BuildError(
      'BuildFailed',
      `kustomize build failed: MalformedYAMLError: yaml: line ${line ?? 0}: ${error.message.split('\n')[0]} in File: ${file}`,
    );
  }
  return documents
    .map((doc) => doc.toJS() as unknown)
    .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o));
}

function substitutionValues(spec: BuildSpec, lookups: BuildLookups): Map<string, string> | undefined {
  if (!spec.postBuild) return undefined;
  const values = new Map<string, string>();
  for (const from of spec.postBuild.substituteFrom ?? []) {
    const kind = from.kind ?? 'ConfigMap';
    const found = lookups.values(kind, lookups.namespace, from.name ?? '');
    if (!found && !from.optional) {
      throw new BuildError(
        'BuildFailed',
        `substitute from '${kind}/${from.name}' error: ${kind.toLowerCase()}s "${from.name}" not found`,
      );
    }
    for (const [key, value] of found ?? []) values.set(key, value);
  }
  for (const [key, value] of Object.entries(spec.postBuild.substitute ?? {})) values.set(key, String(value));
  return values;
}

function prepare(
  object: Record<string, unknown>,
  file: string,
  spec: BuildSpec,
  lookups: BuildLookups,
  values: Map<string, string> | undefined,
): Record<string, unknown> {
  const metadata = { ...((object.metadata as Record<string, unknown>) ?? {}) };
  if (spec.targetNamespace) metadata.namespace = spec.targetNamespace;
  const name = displayName(object, spec);
  if (isSopsEncrypted(object)) return decrypt({ ...object, metadata }, name, spec, lookups);
  const text = JSON.stringify({ ...object, metadata });
  if (!values) {
    const unresolved = substitute(text, new Map()).unresolved;
    if (unresolved.length > 0) {
      throw new BuildError(
        'ReconciliationFailed',
        `${name} dry-run failed (Invalid): "\${${unresolved[0]}}" is not a valid value: ` +
          `variables are substituted only with spec.postBuild (${file})`,
      );
    }
    return JSON.parse(text);
  }
  const result = substitute(text, values);
  if (result.unresolved.length > 0) {
    throw new BuildError(
      'BuildFailed',
      `post build failed for '${name}': envsubst error: variable not set (strict mode): "${result.unresolved[0]}"`,
    );
  }
  return JSON.parse(result.text);
}

function decrypt(object: Record<string, unknown>, name: string, spec: BuildSpec, lookups: BuildLookups) {
  if (!spec.decryption) {
    throw new BuildError(
      'ReconciliationFailed',
      `${name} dry-run failed: .sops: field not declared in schema: the file is SOPS-encrypted and ` +
        'spec.decryption is not set, so kustomize-controller applied it undecrypted (decryption error)',
    );
  }
  const keyName = spec.decryption.secretRef?.name ?? '';
  if (!lookups.values('Secret', lookups.namespace, keyName)) {
    throw new BuildError(
      'BuildFailed',
      `decryption failed for '${name}': cannot get decryption Secret '${lookups.namespace}/${keyName}': not found`,
    );
  }
  const { sops: _sops, stringData, data, ...rest } = object;
  const keys = Object.keys({ ...((stringData as object) ?? {}), ...((data as object) ?? {}) });
  return {
    ...rest,
    data: Object.fromEntries(keys.map((key) => [key, Buffer.from('decrypted-by-sim').toString('base64')])),
  };
}

function displayName(object: Record<string, unknown>, spec: BuildSpec): string {
  const metadata = (object.metadata as Record<string, unknown>) ?? {};
  const namespace = spec.targetNamespace ?? metadata.namespace;
  return `${object.kind}/${namespace ? `${namespace}/` : ''}${metadata.name}`;
}
