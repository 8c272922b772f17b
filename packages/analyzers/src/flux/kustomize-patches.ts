import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { asRecord } from '../parse/k8s-object';
import { MAX_ALIAS_EXPANSIONS, parseYamlDocuments } from '../parse/yaml-documents';
import { applyFluxPatches, type FluxPatch } from './flux-patches';
import {
  isKustomizationFile,
  kustomizationConfig,
  kustomizationFileOf,
  kustomizeBuild,
  normalizeRepoDir,
} from './kustomize-build-files';
import {
  applyReplacements,
  mayTargetFluxKustomization,
  type ResolvedReplacement,
  replacementsOf,
  resolveReplacement,
} from './kustomize-replacements';

/** What a kustomization does to the objects it builds: a patch, or a replacement whose value is known. */
export type KustomizeTransform = { patch: FluxPatch } | { replacement: ResolvedReplacement };

/** `object` as the transforms leave it, in order (kustomize runs a kustomization's patches before its replacements). */
export function applyKustomizeTransforms(object: unknown, transforms: readonly KustomizeTransform[]): unknown {
  let current = object;
  for (const transform of transforms) {
    current =
      'patch' in transform
        ? applyFluxPatches(current, [transform.patch])
        : applyReplacements(current, [transform.replacement]);
  }
  return current;
}

/**
 * The patches and replacements that kustomization files apply to the objects of each file they build, one list per
 * variant of the file, innermost build first: a cluster's kustomization.yaml that lists Flux Kustomizations as
 * resources and patches them all (`target: {kind: Kustomization}` adding decryption or postBuild defaults), patches
 * one by name with a file that carries only the fields it changes, or rewrites their paths from a ConfigMap of its
 * settings (`replacements`). A Component's patches and replacements apply to the build that uses it. A file that
 * several clusters build, each with patches of its own (a fleet's shared root), has a variant per cluster: per
 * outermost patching build, the patches of the builds inside it that read the file. Only patches that can reach a
 * Flux Kustomization are kept (a target of kind Kustomization, or a patch text that names that kind; a replacement
 * with a target of no kind or of that kind).
 */
export function kustomizePatchesByFile(
  files: RepoFiles,
): ReadonlyMap<string, readonly (readonly KustomizeTransform[])[]> {
  const known = cache.get(files);
  if (known) return known;
  const layers: Layer[] = [];
  for (const file of files.keys()) {
    if (!isKustomizationFile(file)) continue;
    const config = kustomizationConfig(files, file);
    if (config?.kind === 'Component') continue; // applied where it is used
    const dir = dirOf(file);
    const patches = patchesOf(files, dir, config);
    const replacements = replacementsOf(files, dir, config);
    for (const component of componentDirs(files, dir, config)) {
      const componentConfig = kustomizationConfig(files, kustomizationFileOf(files, component)!);
      patches.push(...patchesOf(files, component, componentConfig));
      replacements.push(...replacementsOf(files, component, componentConfig));
    }
    const reaching = patches.filter(mayReachFluxKustomization);
    const replacing = replacements.filter(mayTargetFluxKustomization);
    if (reaching.length === 0 && replacing.length === 0) continue;
    const build = kustomizeBuild(files, dir);
    const sources = replacing.length > 0 ? sourceObjects(files, dir, build, patches) : [];
    const resolved = replacing.flatMap((r) => resolveReplacement(r, sources) ?? []);
    layers.push({
      dir,
      dirs: new Set(build.dirs),
      built: build.files,
      patches: [...reaching.map((patch) => ({ patch })), ...resolved.map((replacement) => ({ replacement }))],
    });
  }
  const holders = new Map<string, Layer[]>();
  for (const layer of layers) for (const path of layer.built) holders.set(path, [...(holders.get(path) ?? []), layer]);
  const byFile = new Map<string, KustomizeTransform[][]>();
  for (const [path, holding] of holders) {
    const outermost = holding.filter((layer) => !holding.some((other) => other !== layer && other.dirs.has(layer.dir)));
    byFile.set(
      path,
      outermost.map((outer) =>
        holding
          .filter((layer) => outer.dirs.has(layer.dir))
          // An inner build is patched before the build that includes it, as kustomize does: the outer one enters
          // the inner one's folder and more.
          .sort((a, b) => a.dirs.size - b.dirs.size)
          .flatMap((layer) => layer.patches),
      ),
    );
  }
  cache.set(files, byFile);
  return byFile;
}

/** A kustomization whose patches may reach Flux Kustomizations: its folder, the folders and files its build reads. */
interface Layer {
  dir: string;
  dirs: ReadonlySet<string>;
  built: readonly string[];
  patches: KustomizeTransform[];
}

const cache = new WeakMap<RepoFiles, ReadonlyMap<string, readonly (readonly KustomizeTransform[])[]>>();

/** The local Components a kustomization uses: folders with a kustomization file. */
function componentDirs(files: RepoFiles, dir: string, config: Record<string, unknown> | undefined): string[] {
  return list(config?.components).flatMap((component) => {
    if (typeof component !== 'string') return [];
    const componentDir = normalizeRepoDir(posix.join(dir, component));
    return kustomizationFileOf(files, componentDir) ? [componentDir] : [];
  });
}

/**
 * The objects of a build as its kustomization sees them when its replacements read them: each patched by the patches
 * of the kustomizations inside the build (innermost first) and then by its own. What the sources are made of (a
 * `local-config` ConfigMap of cluster settings that a cluster's folder patches) is only a few objects: the files are
 * parsed here, once per file map.
 */
function sourceObjects(
  files: RepoFiles,
  ownDir: string,
  build: { dirs: readonly string[]; files: readonly string[] },
  own: readonly FluxPatch[],
): unknown[] {
  const inner = build.dirs
    .filter((dir) => dir !== ownDir)
    .map((dir) => ({ dir, depth: kustomizeBuild(files, dir).dirs.length }))
    .sort((a, b) => a.depth - b.depth)
    .flatMap(({ dir }) => {
      const file = kustomizationFileOf(files, dir);
      return file ? patchesOf(files, dir, kustomizationConfig(files, file)) : [];
    });
  const patches = [...inner, ...own];
  return build.files.flatMap((path) =>
    parseYamlDocuments(files.get(path) ?? '', { logLevel: 'silent' }).flatMap((doc) => {
      if (doc.errors.length > 0) return [];
      const object: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
      return object && typeof object === 'object' ? [applyFluxPatches(object, patches)] : [];
    }),
  );
}

/** The patches of one kustomization: `patches` (inline or by file), `patchesStrategicMerge`, `patchesJson6902`. */
export function patchesOf(files: RepoFiles, dir: string, config: Record<string, unknown> | undefined): FluxPatch[] {
  const text = (entry: Record<string, unknown>) =>
    typeof entry.patch === 'string'
      ? entry.patch
      : typeof entry.path === 'string'
        ? files.get(normalizeRepoDir(posix.join(dir, entry.path)))
        : undefined;
  const out: FluxPatch[] = [];
  for (const item of [...list(config?.patches), ...list(config?.patchesJson6902)]) {
    const entry = asRecord(item);
    const patch = entry ? text(entry) : undefined;
    if (patch === undefined) continue;
    const target = asRecord(entry?.target);
    out.push(target ? { patch, target } : { patch });
  }
  for (const item of list(config?.patchesStrategicMerge)) {
    if (typeof item !== 'string') continue;
    const patch = item.includes('\n') ? item : files.get(normalizeRepoDir(posix.join(dir, item)));
    if (patch !== undefined) out.push({ patch });
  }
  return out;
}

function mayReachFluxKustomization({ patch, target }: FluxPatch): boolean {
  const kind = target?.kind;
  if (typeof kind === 'string' && kind !== '') return /Kustomization/.test(kind);
  return /kind:\s*["']?Kustomization\b/.test(patch) && patch.includes('kustomize.toolkit.fluxcd.io');
}

function dirOf(file: string): string {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
