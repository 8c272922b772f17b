import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { parse } from 'yaml';
import { asRecord } from '../parse/k8s-object';
import { isYamlFile } from '../parse/yaml-file';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** `spec.path` of a Flux Kustomization as a repo-relative directory: no leading `./` or `/`, `''` for the root. */
export function normalizeRepoDir(path: string | undefined): string {
  const normalized = posix.normalize(`/${path ?? ''}`).replace(/^\/+|\/+$/g, '');
  return normalized === '.' ? '' : normalized;
}

/**
 * The repo files kustomize would read as resources when Flux builds `dir`: the `resources` (and `components`) of its
 * kustomization.yaml, recursively; without one, what Flux's generated kustomization takes: every YAML file under the
 * directory, and any subdirectory that has its own kustomization.yaml through that one. Sorted, no duplicates.
 */
export function kustomizeBuildFiles(files: RepoFiles, dir: string): string[] {
  const out = new Set<string>();
  visitDirectory(files, normalizeRepoDir(dir), out, new Set());
  return [...out].sort();
}

function visitDirectory(files: RepoFiles, dir: string, out: Set<string>, visited: Set<string>): void {
  if (visited.has(dir)) return;
  visited.add(dir);
  const kustomizationFile = KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((path) => files.has(path));
  if (kustomizationFile) visitKustomization(files, dir, kustomizationFile, out, visited);
  else visitGenerated(files, dir, out, visited);
}

function visitKustomization(
  files: RepoFiles,
  dir: string,
  kustomizationFile: string,
  out: Set<string>,
  visited: Set<string>,
): void {
  let config: Record<string, unknown> | undefined;
  try {
    config = asRecord(parse(files.get(kustomizationFile) ?? '', { logLevel: 'error' }));
  } catch {
    return; // reported by parseManifests as yaml-parse-error
  }
  const entries = [config?.resources, config?.components].flatMap((list) => (Array.isArray(list) ? list : []));
  for (const entry of entries) {
    if (typeof entry !== 'string' || isRemote(entry)) continue;
    const target = join(dir, entry);
    if (files.has(target)) out.add(target);
    else if (isDirectory(files, target)) visitDirectory(files, target, out, visited);
  }
}

function visitGenerated(files: RepoFiles, dir: string, out: Set<string>, visited: Set<string>): void {
  const prefix = dir === '' ? '' : `${dir}/`;
  const subdirectories = new Set<string>();
  for (const path of files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) subdirectories.add(prefix + rest.slice(0, slash));
    else if (isYamlFile(rest) && !rest.startsWith('.')) out.add(path);
  }
  for (const subdirectory of [...subdirectories].sort()) {
    if (posix.basename(subdirectory).startsWith('.')) continue;
    visitDirectory(files, subdirectory, out, visited);
  }
}

function join(dir: string, entry: string): string {
  return normalizeRepoDir(posix.join(dir, entry));
}

const directoryCache = new WeakMap<RepoFiles, Set<string>>();

/** True when some file of the repo lies under `dir`; the directory set is built once per file map. */
function isDirectory(files: RepoFiles, dir: string): boolean {
  let dirs = directoryCache.get(files);
  if (!dirs) {
    dirs = new Set();
    for (const path of files.keys()) {
      for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
        const parent = path.slice(0, i);
        if (dirs.has(parent)) break;
        dirs.add(parent);
      }
    }
    directoryCache.set(files, dirs);
  }
  return dirs.has(dir);
}

function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|git@)/.test(entry);
}
