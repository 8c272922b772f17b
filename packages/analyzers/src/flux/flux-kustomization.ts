import { posix } from 'node:path';
import type { RepoFiles, ResourceRef } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { type FluxDeployment, planDeployment } from './flux-deployment';
import { fluxInstanceSyncs } from './flux-instance';
import { applyFluxPatches, fluxPatchesOf } from './flux-patches';
import { BOOTSTRAP_SOURCE, type SourceRef, sourceKey, sourceRefOf } from './flux-source';
import {
  type KustomizeBuild,
  kustomizationConfig,
  kustomizationFileOf,
  kustomizeBuild,
  normalizeRepoDir,
} from './kustomize-build-files';
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
  /** The object as Flux applies it: as written, with the patches of the Flux Kustomizations that build it. */
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

const EMPTY_BUILD: KustomizeBuild = { files: [], dirs: [], used: [], missing: [] };

export function buildFluxModel(
  files: RepoFiles,
  documents: readonly ManifestDocument[],
  sources: readonly ValuesSource[] = valuesSources(files, documents),
): FluxModel {
  const encrypted = new Set(documents.filter((d) => isSopsEncrypted(d.object)).map((d) => d.file));
  const instances = fluxInstanceSyncs(documents, sources);
  const declared = documents.flatMap((document) => {
    const ref = resourceRefOf(document.object);
    if (!ref || !isFluxKustomization(document.object)) return [];
    const sourceRef = sourceRefOf(document.object, ref.namespace ?? 'flux-system');
    return [{ ref, document, sourceRef, build: fluxBuild(files, document.object) }];
  });
  const ours = thisRepositorySources(declared, instances);
  const generated = generatedArtifacts(documents, ours);
  for (const artifact of generated.keys()) ours.add(artifact);
  const roots = rootsOf(files, ours, generated, declared, instances);
  const fromThisRepo = (source: SourceRef | undefined) => !source || ours.has(sourceKey(source));
  /** Where a source's paths start in this tree (`''`: the top; an OCI artifact CI pushed from a folder: the folder). */
  const rootOf = (source: SourceRef | undefined) => (source ? (roots.get(sourceKey(source)) ?? '') : '');
  const kustomizations = declared.map(({ ref, document, sourceRef, build: declaredBuild }): FluxKustomization => {
    const own = fromThisRepo(sourceRef);
    const parents = declared.filter(
      (p) =>
        p.document !== document &&
        fromThisRepo(p.sourceRef) &&
        p.build.files.includes(document.file) &&
        fluxPatchesOf(p.document.object).length,
    );
    let effective = document.object;
    const patchedBy: ResourceRef[] = [];
    for (const parent of parents) {
      const patched = applyFluxPatches(effective, fluxPatchesOf(parent.document.object));
      if (JSON.stringify(patched) !== JSON.stringify(effective)) patchedBy.push(parent.ref);
      effective = patched;
    }
    const effectiveSource = sourceRefOf(effective, ref.namespace ?? 'flux-system') ?? sourceRef;
    const root = rootOf(effectiveSource);
    const path = normalizeRepoDir(posix.join(root, pathOf(effective)));
    const builds = fromThisRepo(effectiveSource) && own;
    const unchanged = root === '' && path === pathOf(document.object) && sameComponents(effective, document.object);
    const build = !builds ? EMPTY_BUILD : unchanged ? declaredBuild : fluxBuild(files, effective, root);
    const decryption = decryptionOf(effective);
    const postBuild = postBuildOf(effective);
    return {
      ref,
      namespace: listedNamespace(files, document.file) ?? ref.namespace ?? 'flux-system',
      document,
      effective: asRecord(effective) ?? {},
      patchedBy,
      path,
      ...(effectiveSource ? { sourceRef: effectiveSource } : {}),
      fromThisRepo: builds,
      builtFiles: build.files,
      build,
      encryptedFiles: build.files.filter((file) => encrypted.has(file)),
      ...(decryption ? { decryption } : {}),
      ...(postBuild ? { postBuild } : {}),
    };
  });
  if (kustomizations.length === 0 && instances.length === 0) return { kustomizations };
  const placed = instances.map((i) => ({ ...i, path: normalizeRepoDir(posix.join(rootOf(i.source), i.path)) }));
  return { kustomizations, deployment: planDeployment(files, kustomizations, placed) };
}

/**
 * The sources that are this repository: the one Flux bootstrap and the Flux operator create (`flux-system`), those
 * of FluxInstance syncs, and those of Kustomizations that build their own file (a cluster that syncs itself). When
 * no Kustomization builds from any of them, the source most Kustomizations use is taken to be this repository
 * (a repo published as an OCI artifact by its CI, for example).
 */
function thisRepositorySources(
  declared: readonly { document: ManifestDocument; sourceRef?: SourceRef; build: KustomizeBuild }[],
  instances: ReturnType<typeof fluxInstanceSyncs>,
): Set<string> {
  const ours = new Set([sourceKey(BOOTSTRAP_SOURCE), ...instances.map((i) => sourceKey(i.source))]);
  for (const k of declared) {
    // A Kustomization of the repo root builds every file, its own included: only a named path says it syncs itself.
    const syncsItself = pathOf(k.document.object) !== '' && k.build.files.includes(k.document.file);
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
 * The roots of this repository's sources (see `sourceRoots`), from the paths that read each: its Kustomizations' and
 * its Flux operator syncs'; a generated artifact shares the root of the source it copies.
 */
function rootsOf(
  files: RepoFiles,
  ours: ReadonlySet<string>,
  generated: ReadonlyMap<string, string>,
  declared: readonly { document: ManifestDocument; sourceRef?: SourceRef }[],
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
    if (k.sourceRef) read(generated.get(sourceKey(k.sourceRef)) ?? sourceKey(k.sourceRef), pathOf(k.document.object));
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
      if (typeof config?.namespace === 'string') namespace = config.namespace;
      included = base; // next: the kustomization that includes this one's folder
    }
    if (base === '') return namespace;
  }
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
  };
}

function sameComponents(a: unknown, b: unknown): boolean {
  return JSON.stringify(getPath(a, ['spec', 'components'])) === JSON.stringify(getPath(b, ['spec', 'components']));
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
