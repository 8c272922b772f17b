import { posix } from 'node:path';
import type { RepoFiles, ResourceRef } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { parseYamlValue } from '../parse/yaml-documents';
import { type FluxDeployment, planDeployment } from './flux-deployment';
import { fluxInstanceSyncs } from './flux-instance';
import { applyFluxPatches, fluxPatchesOf } from './flux-patches';
import { BOOTSTRAP_SOURCE, type SourceRef, sourceKey, sourceRefOf } from './flux-source';
import {
  type KustomizeBuild,
  kustomizationConfig,
  kustomizationFileOf,
  kustomizeBuild,
  kustomizeInputs,
  normalizeRepoDir,
} from './kustomize-build-files';
import { applyKustomizeTransforms, kustomizePatchesByFile } from './kustomize-patches';
import {
  postBuildVariables,
  type SubstitutionData,
  substitutionData,
  withSubstitutedSpec,
} from './post-build-variables';
import { isSopsEncrypted } from './sops';
import { generatedArtifacts, sourceRoots } from './source-roots';
import { type ValuesSource, valuesSources } from './values-sources';

/** A source of `postBuild.substituteFrom`. */
export interface SubstitutionSource {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** `optional: true`: Flux goes on when it is missing. */
  optional: boolean;
  /** Where it is read, when not in the Kustomization's own namespace: one a webhook adds lives in the webhook's. */
  namespace?: string;
}

/** `spec.postBuild` of a Flux Kustomization, as Flux reads it. */
export interface PostBuild {
  /** Inline variables. */
  substitute: Record<string, string>;
  substituteFrom: SubstitutionSource[];
}

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io) of the repo, judged by its effective spec. */
export interface FluxKustomization {
  ref: ResourceRef;
  /**
   * The namespace it lives in: its own `metadata.namespace`, else the `namespace:` of the kustomization.yaml that lists
   * its file (kustomize sets it), else flux-system. Names it in "deployed by".
   */
  namespace: string;
  /** The document that declares it. */
  document: ManifestDocument;
  /**
   * The object as Flux applies it: as written, with the patches of the Flux Kustomizations that build it, and their
   * postBuild variables in its path, components and source name.
   */
  effective: Record<string, unknown>;
  /** Flux Kustomizations whose `spec.patches` changed this one. */
  patchedBy: ResourceRef[];
  /** `spec.path` as a repo-relative directory (`''` for the root). */
  path: string;
  /** `spec.sourceRef`, when it names one. */
  sourceRef?: SourceRef;
  /** True when it builds from this repository's own source; one built from another source builds nothing of this tree. */
  fromThisRepo: boolean;
  /** Repo files Flux builds at `path`, sorted; empty when it builds from another source. */
  builtFiles: string[];
  /** The whole kustomize build of `path` in this tree (directories entered, patch and generator files, missing entries). */
  build: KustomizeBuild;
  /** The SOPS-encrypted ones among `builtFiles`. */
  encryptedFiles: string[];
  /** Effective `spec.decryption`, when present. */
  decryption?: { provider?: string; secretName?: string };
  /** Effective `spec.postBuild`, when it substitutes anything. */
  postBuild?: PostBuild;
}

/** What the analyzers know of Flux in the repo. */
export interface FluxModel {
  /** In document order. */
  kustomizations: FluxKustomization[];
  /** Which Flux Kustomization deploys each file, or why none does; undefined when the repo has no Flux at all. */
  deployment?: FluxDeployment;
}

export function isFluxKustomization(object: unknown): boolean {
  const record = asRecord(object);
  return (
    record?.kind === 'Kustomization' &&
    typeof record.apiVersion === 'string' &&
    record.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
  );
}

const EMPTY_BUILD: KustomizeBuild = { files: [], dirs: [], used: [], missing: [], namespaces: new Map() };

export function buildFluxModel(
  files: RepoFiles,
  documents: readonly ManifestDocument[],
  sources: readonly ValuesSource[] = valuesSources(files, documents),
): FluxModel {
  const encrypted = new Set(documents.filter((d) => isSopsEncrypted(d.object)).map((d) => d.file));
  const instances = fluxInstanceSyncs(documents, sources);
  // A file kustomize reads only as a patch is a fragment of a Kustomization declared elsewhere, never one itself; the
  // patches of the kustomization files that build a Kustomization are part of what the cluster gets.
  const fragments = kustomizeInputs(files).patches;
  const patchesOf = kustomizePatchesByFile(files);
  const declared = documents.flatMap((document): Declared[] => {
    const ref = resourceRefOf(document.object);
    if (!ref || !isFluxKustomization(document.object) || fragments.has(document.file)) return [];
    // Neither a source nor a path: a fragment some script merges into a Kustomization (yq), not one the cluster could
    // apply. (A child without a source gets one from its parent's patches; it still names its path.)
    const spec = asRecord(getPath(document.object, ['spec']));
    if (spec?.sourceRef === undefined && spec?.path === undefined && !patchesOf.has(document.file)) return [];
    // One Kustomization per distinct variant: the clusters that share its file and patch it alike are one.
    const variants = new Map<string, unknown>();
    for (const patches of patchesOf.get(document.file) ?? [[]]) {
      const object = patches.length > 0 ? applyKustomizeTransforms(document.object, patches) : document.object;
      variants.set(JSON.stringify(object), object);
    }
    return [...variants.values()].map((object) => {
      const sourceRef = sourceRefOf(object, ref.namespace ?? 'flux-system');
      return { ref, document, object, ...(sourceRef ? { sourceRef } : {}), build: fluxBuild(files, object) };
    });
  });
  const ours = withSameRepository(thisRepositorySources(declared, instances), documents);
  const generated = generatedArtifacts(documents, ours);
  for (const artifact of generated.keys()) ours.add(artifact);
  const roots = rootsOf(files, ours, generated, declared, instances);
  const fromThisRepo = (source: SourceRef | undefined) => !source || ours.has(sourceKey(source));
  /** Where a source's paths start in this tree (`''`: the top; an OCI artifact CI pushed from a folder: the folder). */
  const rootOf = (source: SourceRef | undefined) => (source ? (roots.get(sourceKey(source)) ?? '') : '');
  const namespaces = declared.map((d) => listedNamespace(files, d.document.file) ?? d.ref.namespace ?? 'flux-system');
  const builds = new Map(declared.map((d) => [buildKey(d.object, ''), d.build]));
  const buildOf = (object: unknown, root: string) => {
    const key = buildKey(object, root);
    const build = builds.get(key) ?? fluxBuild(files, object, root);
    builds.set(key, build);
    return build;
  };
  const applied = appliedKustomizations(
    declared,
    namespaces,
    substitutionData(files, documents, sources),
    (d, effective) => {
      const source = sourceRefOf(effective, d.ref.namespace ?? 'flux-system') ?? d.sourceRef;
      const root = rootOf(source);
      const own = fromThisRepo(d.sourceRef) && fromThisRepo(source);
      return { source, root, own, build: own ? buildOf(effective, root) : EMPTY_BUILD };
    },
  );
  const kustomizations = declared.map(({ ref, document }, i): FluxKustomization => {
    const { effective, patchedBy, source, root, own, build } = applied[i]!;
    const decryption = decryptionOf(effective);
    const postBuild = postBuildOf(effective);
    return {
      ref,
      namespace: namespaces[i]!,
      document,
      effective: asRecord(effective) ?? {},
      patchedBy,
      path: normalizeRepoDir(posix.join(root, pathOf(effective))),
      ...(source ? { sourceRef: source } : {}),
      fromThisRepo: own,
      builtFiles: build.files,
      build,
      encryptedFiles: build.files.filter((file) => encrypted.has(file)),
      ...(decryption ? { decryption } : {}),
      ...(postBuild ? { postBuild } : {}),
    };
  });
  if (kustomizations.length === 0 && instances.length === 0) return { kustomizations };
  const placed = instances.map((i) => ({
    ...i,
    path: resolvedPath(files, normalizeRepoDir(posix.join(rootOf(i.source), i.path))),
  }));
  return { kustomizations, deployment: planDeployment(files, kustomizations, placed, sourceFilesOf(documents, ours)) };
}

/**
 * A declared Flux Kustomization: its document, the object kustomize makes of it (with the patches of the
 * kustomization files that build it), its `spec.sourceRef` and the build of its path, before any Flux parent.
 */
interface Declared {
  ref: ResourceRef;
  document: ManifestDocument;
  object: unknown;
  sourceRef?: SourceRef;
  build: KustomizeBuild;
}

/** Where a Kustomization builds from, given its effective object. */
interface Placed {
  source?: SourceRef;
  /** Its source's root in this tree. */
  root: string;
  /** True when it builds from this repository's own source. */
  own: boolean;
  build: KustomizeBuild;
}

/** A Kustomization as Flux applies it. */
interface Applied extends Placed {
  effective: unknown;
  patchedBy: ResourceRef[];
  /** The Kustomizations (indexes) whose builds hold its file, in document order. */
  parents: number[];
}

/** Rounds after which a cycle of Kustomizations that change each other's paths is left as it is. */
const MAX_ROUNDS = 8;

/**
 * Each Kustomization as Flux applies it. Every Kustomization whose build holds its file (a parent, in document order)
 * applies its own `spec.patches` to it, then, when it has a postBuild, substitutes its variables into the child's
 * path, components and source name (`withSubstitutedSpec`). What a parent builds depends in turn on how its own
 * parents applied it, so this repeats until nothing changes: a grandparent's variable moves a parent's path, which
 * changes the children it finds.
 */
function appliedKustomizations(
  declared: readonly Declared[],
  namespaces: readonly string[],
  data: readonly SubstitutionData[],
  place: (d: Declared, effective: unknown) => Placed,
): Applied[] {
  const fileSets = new WeakMap<KustomizeBuild, Set<string>>();
  const filesOf = (build: KustomizeBuild) => {
    const set = fileSets.get(build) ?? new Set(build.files);
    fileSets.set(build, set);
    return set;
  };
  const unionBuild = buildUnions();
  let state: Applied[] = declared.map((d) => ({
    effective: d.object,
    patchedBy: [],
    parents: [],
    ...place(d, d.object),
  }));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const holders = new Map<string, number[]>();
    state.forEach((k, j) => {
      for (const file of k.build.files) holders.set(file, [...(holders.get(file) ?? []), j]);
    });
    const parentsOf = (i: number) => (holders.get(declared[i]!.document.file) ?? []).filter((j) => j !== i);
    /** Whether `file` is built by `j` or a Kustomization above it: its cluster's copy of a substituteFrom source. */
    const inChain = (j: number) => {
      let above: Set<number> | undefined;
      return (file: string) => {
        if (!above) {
          above = new Set([j]);
          for (const k of above) for (const parent of parentsOf(k)) above.add(parent);
        }
        return [...above].some((k) => filesOf(state[k]!.build).has(file));
      };
    };
    const next = declared.map((d, i): Applied => {
      const parents = parentsOf(i);
      const patchedBy: ResourceRef[] = [];
      // Each parent applies the child as it makes it: several parents (the clusters of a fleet that share the file)
      // make alternatives of it, not one object patched by all of them in turn.
      const variants = new Map<string, unknown>();
      for (const j of parents) {
        const parent = state[j]!.effective;
        let effective = d.object;
        const patches = fluxPatchesOf(parent);
        if (patches.length) {
          const patched = applyFluxPatches(effective, patches);
          if (JSON.stringify(patched) !== JSON.stringify(effective)) patchedBy.push(declared[j]!.ref);
          effective = patched;
        }
        const postBuild = postBuildOf(parent);
        if (postBuild)
          effective = withSubstitutedSpec(effective, postBuildVariables(postBuild, namespaces[j]!, data, inChain(j)));
        const key = JSON.stringify(effective);
        if (!variants.has(key)) variants.set(key, effective);
      }
      const [effective = d.object, ...others] = variants.values();
      const placed = place(d, effective);
      // The first parent's is the one the checks read; what Flux builds is what any of them builds.
      const build =
        others.length > 0 ? unionBuild([placed.build, ...others.map((o) => place(d, o).build)]) : placed.build;
      return { effective, patchedBy, parents, ...placed, build };
    });
    const settled = next.every(
      (k, i) =>
        k.build === state[i]!.build &&
        k.parents.join() === state[i]!.parents.join() &&
        (k.effective === state[i]!.effective || JSON.stringify(k.effective) === JSON.stringify(state[i]!.effective)),
    );
    state = next;
    if (settled) break;
  }
  return state;
}

/**
 * The sources that are this repository: the one Flux bootstrap and the Flux operator create (`flux-system`), those
 * of FluxInstance syncs, and those of Kustomizations that build their own file (a cluster that syncs itself). When
 * no Kustomization builds from any of them, the source most Kustomizations use is taken to be this repository
 * (a repo published as an OCI artifact by its CI, for example).
 */
function thisRepositorySources(
  declared: readonly Declared[],
  instances: ReturnType<typeof fluxInstanceSyncs>,
): Set<string> {
  const ours = new Set([sourceKey(BOOTSTRAP_SOURCE), ...instances.map((i) => sourceKey(i.source))]);
  for (const k of declared) {
    // A Kustomization of the repo root builds every file, its own included: only a named path says it syncs itself.
    const syncsItself = pathOf(k.object) !== '' && k.build.files.includes(k.document.file);
    if (k.sourceRef?.kind === 'GitRepository' && syncsItself) ours.add(sourceKey(k.sourceRef));
  }
  if (declared.some((k) => k.sourceRef && ours.has(sourceKey(k.sourceRef)))) return ours;
  const counts = new Map<string, number>();
  for (const k of declared)
    if (k.sourceRef) counts.set(sourceKey(k.sourceRef), (counts.get(sourceKey(k.sourceRef)) ?? 0) + 1);
  const [top] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (top) ours.add(top[0]);
  return ours;
}

/**
 * A sync path with Flux variables in it (`kubernetes/clusters/${CLUSTER}/bootstrap`, the variable given by whatever
 * applies the flux-instance chart) read as the one folder of the repository it can name, when exactly one exists.
 */
function resolvedPath(files: RepoFiles, path: string): string {
  if (!path.includes('${')) return path;
  const pattern = new RegExp(
    `^${path
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );
  const dirs = new Set<string>();
  for (const file of files.keys()) {
    for (let dir = posix.dirname(file); dir !== '.' && !dirs.has(dir); dir = posix.dirname(dir)) dirs.add(dir);
  }
  const matches = [...dirs].filter((dir) => pattern.test(dir));
  return matches.length === 1 ? matches[0]! : path;
}

/** The files that declare each source of this repository, by `sourceKey`. */
function sourceFilesOf(documents: readonly ManifestDocument[], ours: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const document of documents) {
    const ref = resourceRefOf(document.object);
    if (!ref || !/^(GitRepository|OCIRepository|Bucket)$/.test(ref.kind)) continue;
    const key = sourceKey({ kind: ref.kind, namespace: ref.namespace ?? 'flux-system', name: ref.name });
    if (ours.has(key)) out.set(key, [...(out.get(key) ?? []), document.file]);
  }
  return out;
}

/**
 * `ours` with every GitRepository of the same repository as one of them: a repository that deploys several roots from
 * itself, each through a source of its own (a release tag for production, a branch for the experiments), names one
 * URL in each. Which ref each follows does not make it another repository.
 */
function withSameRepository(ours: Set<string>, documents: readonly ManifestDocument[]): Set<string> {
  const urls = new Map<string, string>();
  for (const document of documents) {
    const ref = resourceRefOf(document.object);
    const url = getPath(document.object, ['spec', 'url']);
    if (ref?.kind !== 'GitRepository' || typeof url !== 'string') continue;
    urls.set(
      sourceKey({ kind: 'GitRepository', namespace: ref.namespace ?? 'flux-system', name: ref.name }),
      repositoryOf(url),
    );
  }
  const mine = new Set([...ours].flatMap((key) => (urls.has(key) ? [urls.get(key)!] : [])));
  if (mine.size === 0) return ours;
  return new Set([...ours, ...[...urls].filter(([, url]) => mine.has(url)).map(([key]) => key)]);
}

/** A Git URL by host and path, however written: `https://host/a/b.git`, `ssh://git@host/a/b`, `git@host:a/b`. */
function repositoryOf(url: string): string {
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(url.trim());
  const [host, path] = scp
    ? [scp[1]!, scp[2]!]
    : (() => {
        try {
          const parsed = new URL(url.trim());
          return [parsed.hostname, parsed.pathname];
        } catch {
          return ['', url.trim()];
        }
      })();
  return `${host.toLowerCase()}/${path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .toLowerCase()}`;
}

/**
 * The roots of this repository's sources (see `sourceRoots`), from the paths that read each: its Kustomizations' and
 * its Flux operator syncs'; a generated artifact shares the root of the source it copies.
 */
function rootsOf(
  files: RepoFiles,
  ours: ReadonlySet<string>,
  generated: ReadonlyMap<string, string>,
  declared: readonly Declared[],
  instances: ReturnType<typeof fluxInstanceSyncs>,
): Map<string, string> {
  const paths = new Map<string, string[]>();
  // A Git source is the repository itself: its paths start at the top, always. Only an artifact (OCI, bucket, one an
  // ArtifactGenerator copies) may hold a folder of it at its root.
  const read = (source: string, path: string) => {
    if (ours.has(source) && !source.startsWith('GitRepository/'))
      paths.set(source, [...(paths.get(source) ?? []), path]);
  };
  for (const instance of instances) read(sourceKey(instance.source), instance.path);
  for (const k of declared)
    if (k.sourceRef) read(generated.get(sourceKey(k.sourceRef)) ?? sourceKey(k.sourceRef), pathOf(k.object));
  const roots = sourceRoots(files, paths);
  for (const [artifact, origin] of generated) roots.set(artifact, roots.get(origin) ?? '');
  return roots;
}

/**
 * The `namespace:` that kustomize gives a file: kustomize sets every resource of a build to its kustomization's
 * namespace, over the one the resource names, and a kustomization that includes another's folder does so again over
 * the result. So the namespace is that of the outermost kustomization.yaml in the chain that includes the file (the one
 * whose `resources` name it, the one whose `resources` name that one's folder, and so on up), where one sets it.
 */
function listedNamespace(files: RepoFiles, file: string): string | undefined {
  let included = file;
  let namespace: string | undefined;
  for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
    const base = dir === '.' ? '' : dir;
    const kustomization = kustomizationFileOf(files, base);
    const config = kustomization ? kustomizationConfig(files, kustomization) : undefined;
    const resources = Array.isArray(config?.resources) ? config.resources : [];
    const lists = resources.some(
      (entry) => typeof entry === 'string' && normalizeRepoDir(posix.join(base, entry)) === included,
    );
    if (lists) {
      const set = typeof config?.namespace === 'string' ? config.namespace : transformedNamespace(files, base, config);
      if (set !== undefined) namespace = set;
      included = base; // next: the kustomization that includes this one's folder
    }
    if (base === '') return namespace;
  }
}

/**
 * The namespace a kustomization's `transformers` set on every resource: a `NamespaceTransformer` (builtin) that does
 * not only fill unset namespaces, in a file the entry names or in the build of the folder it names, at the namespace
 * that folder's kustomization gives it (a shared transformer is written once, with a placeholder namespace, and each
 * folder's `transformers/kustomization.yaml` sets the real one), else its own.
 */
function transformedNamespace(
  files: RepoFiles,
  base: string,
  config: Record<string, unknown> | undefined,
): string | undefined {
  const entries = Array.isArray(config?.transformers) ? config.transformers : [];
  let found: string | undefined;
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry.includes('\n')) continue;
    const target = normalizeRepoDir(posix.join(base, entry));
    const folder = files.has(target) ? undefined : kustomizationFileOf(files, target);
    const folderConfig = folder ? kustomizationConfig(files, folder) : undefined;
    const transformerFiles = files.has(target) ? [target] : folder ? kustomizeBuild(files, target).files : [];
    for (const file of transformerFiles) {
      const transformer = asRecord(parseYamlValue(files.get(file) ?? '', { logLevel: 'silent' }));
      if (transformer?.kind !== 'NamespaceTransformer' || transformer.unsetOnly === true) continue;
      const own = getPath(transformer, ['metadata', 'namespace']);
      const set = typeof folderConfig?.namespace === 'string' ? folderConfig.namespace : own;
      if (typeof set === 'string') found = set;
    }
  }
  return found;
}

/**
 * The build of `spec.path` (under `root`, its source's root in this tree) with the Kustomization's own
 * `spec.components` (relative to the path) added.
 */
function fluxBuild(files: RepoFiles, object: unknown, root = ''): KustomizeBuild {
  const path = normalizeRepoDir(posix.join(root, pathOf(object)));
  const components = getPath(object, ['spec', 'components']);
  const builds = [
    path,
    ...(Array.isArray(components) ? components : [])
      .filter((c): c is string => typeof c === 'string')
      .map((c) => normalizeRepoDir(posix.join(path, c))),
  ].map((dir) => kustomizeBuild(files, dir));
  if (builds.length === 1) return builds[0] as KustomizeBuild;
  const union = (pick: (b: KustomizeBuild) => string[]) => [...new Set(builds.flatMap(pick))].sort();
  return {
    files: union((b) => b.files),
    dirs: union((b) => b.dirs),
    used: union((b) => b.used),
    missing: builds.flatMap((b) => b.missing),
    namespaces: mergedNamespaces(builds),
  };
}

/** The namespaces of several builds, the first build's first: the path's own before its components'. */
function mergedNamespaces(builds: readonly KustomizeBuild[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const build of builds)
    for (const [file, namespace] of build.namespaces) if (!merged.has(file)) merged.set(file, namespace);
  return merged;
}

/** What decides a build: the path under its root, and the components. */
/**
 * Builds put together (each file, folder and entry once, sorted). Within one analysis the same builds give back the
 * same object, so an unchanged union reads as unchanged when the rounds compare them.
 */
function buildUnions(): (builds: readonly KustomizeBuild[]) => KustomizeBuild {
  const ids = new Map<KustomizeBuild, number>();
  const unions = new Map<string, KustomizeBuild>();
  const idOf = (build: KustomizeBuild) => {
    let id = ids.get(build);
    if (id === undefined) {
      id = ids.size;
      ids.set(build, id);
    }
    return id;
  };
  return (builds) => {
    const key = builds
      .map(idOf)
      .sort((a, b) => a - b)
      .join();
    let union = unions.get(key);
    if (!union) {
      const all = (pick: (b: KustomizeBuild) => string[]) => [...new Set(builds.flatMap(pick))].sort();
      const missing = new Map(builds.flatMap((b) => b.missing).map((m) => [`${m.kustomization}\u0000${m.entry}`, m]));
      union = {
        files: all((b) => b.files),
        dirs: all((b) => b.dirs),
        used: all((b) => b.used),
        missing: [...missing.values()],
        namespaces: mergedNamespaces(builds),
      };
      unions.set(key, union);
    }
    return union;
  };
}

function buildKey(object: unknown, root: string): string {
  return JSON.stringify([normalizeRepoDir(posix.join(root, pathOf(object))), getPath(object, ['spec', 'components'])]);
}

function pathOf(object: unknown): string {
  const raw = getPath(object, ['spec', 'path']);
  return normalizeRepoDir(typeof raw === 'string' ? raw : undefined);
}

function decryptionOf(object: unknown): FluxKustomization['decryption'] {
  const decryption = asRecord(getPath(object, ['spec', 'decryption']));
  if (!decryption) return undefined;
  const provider = decryption.provider;
  const secretName = getPath(decryption, ['secretRef', 'name']);
  return {
    ...(typeof provider === 'string' ? { provider } : {}),
    ...(typeof secretName === 'string' ? { secretName } : {}),
  };
}

function postBuildOf(object: unknown): PostBuild | undefined {
  const postBuild = asRecord(getPath(object, ['spec', 'postBuild']));
  if (!postBuild) return undefined;
  const substitute = Object.fromEntries(
    Object.entries(asRecord(postBuild.substitute) ?? {}).map(([key, value]) => [key, String(value)]),
  );
  const from = Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : [];
  const substituteFrom = from.flatMap((entry): SubstitutionSource[] => {
    const record = asRecord(entry);
    const kind = record?.kind;
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || typeof record?.name !== 'string') return [];
    return [{ kind, name: record.name, optional: record.optional === true }];
  });
  if (Object.keys(substitute).length === 0 && substituteFrom.length === 0) return undefined;
  return { substitute, substituteFrom };
}
