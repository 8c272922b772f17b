import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { asRecord } from '../parse/k8s-object';
import type { FluxPatch } from './flux-patches';
import {
  isKustomizationFile,
  kustomizationConfig,
  kustomizationFileOf,
  kustomizeBuild,
  normalizeRepoDir,
} from './kustomize-build-files';

/**
 * The patches that kustomization files apply to the objects of each file they build, one list per variant of the
 * file, innermost build first: a cluster's kustomization.yaml that lists Flux Kustomizations as resources and patches
 * them all (`target: {kind: Kustomization}` adding decryption or postBuild defaults), or patches one by name with a
 * file that carries only the fields it changes. A Component's patches apply to the build that uses it. A file that
 * several clusters build, each with patches of its own (a fleet's shared root), has a variant per cluster: per
 * outermost patching build, the patches of the builds inside it that read the file. Only patches that can reach a
 * Flux Kustomization are kept (a target of kind Kustomization, or a patch text that names that kind).
 */
export function kustomizePatchesByFile(files: RepoFiles): ReadonlyMap<string, readonly (readonly FluxPatch[])[]> {
  const known = cache.get(files);
  if (known) return known;
  const layers: Layer[] = [];
  for (const file of files.keys()) {
    if (!isKustomizationFile(file)) continue;
    const config = kustomizationConfig(files, file);
    if (config?.kind === 'Component') continue; // applied where it is used
    const dir = dirOf(file);
    const patches = patchesOf(files, dir, config);
    for (const component of list(config?.components)) {
      if (typeof component !== 'string') continue;
      const componentDir = normalizeRepoDir(posix.join(dir, component));
      const componentFile = kustomizationFileOf(files, componentDir);
      if (componentFile) patches.push(...patchesOf(files, componentDir, kustomizationConfig(files, componentFile)));
    }
    const reaching = patches.filter(mayReachFluxKustomization);
    if (reaching.length === 0) continue;
    const build = kustomizeBuild(files, dir);
    layers.push({ dir, dirs: new Set(build.dirs), built: build.files, patches: reaching });
  }
  const holders = new Map<string, Layer[]>();
  for (const layer of layers) for (const path of layer.built) holders.set(path, [...(holders.get(path) ?? []), layer]);
  const byFile = new Map<string, FluxPatch[][]>();
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
  patches: FluxPatch[];
}

const cache = new WeakMap<RepoFiles, ReadonlyMap<string, readonly (readonly FluxPatch[])[]>>();

/** The patches of one kustomization: `patches` (inline or by file), `patchesStrategicMerge`, `patchesJson6902`. */
function patchesOf(files: RepoFiles, dir: string, config: Record<string, unknown> | undefined): FluxPatch[] {
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
