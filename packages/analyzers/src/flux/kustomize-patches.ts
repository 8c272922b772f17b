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
 * The patches that kustomization files apply to the objects of each file they build, innermost build first: a
 * cluster's kustomization.yaml that lists Flux Kustomizations as resources and patches them all (`target: {kind:
 * Kustomization}` adding decryption or postBuild defaults), or patches one by name with a file that carries only the
 * fields it changes. A Component's patches apply to the build that uses it. Only patches that can reach a Flux
 * Kustomization are kept (a target of kind Kustomization, or a patch text that names that kind); what Flux builds
 * from the result is the Flux Kustomization as the cluster sees it.
 */
export function kustomizePatchesByFile(files: RepoFiles): ReadonlyMap<string, readonly FluxPatch[]> {
  const known = cache.get(files);
  if (known) return known;
  const layers: { depth: number; built: string[]; patches: FluxPatch[] }[] = [];
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
    layers.push({ depth: build.dirs.length, built: build.files, patches: reaching });
  }
  // An inner build is patched before the build that includes it, as kustomize does: the outer one enters its folder
  // and more, so it has entered more folders.
  layers.sort((a, b) => a.depth - b.depth);
  const byFile = new Map<string, FluxPatch[]>();
  for (const { built, patches } of layers) {
    for (const path of built) byFile.set(path, [...(byFile.get(path) ?? []), ...patches]);
  }
  cache.set(files, byFile);
  return byFile;
}

const cache = new WeakMap<RepoFiles, ReadonlyMap<string, readonly FluxPatch[]>>();

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
