import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { isYamlPath } from '@triad/core';
import { asRecord } from '../parse/k8s-object';
import { parseYamlValue } from '../parse/yaml-documents';

/** The names kustomize reads a folder's kustomization from, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** True for a kustomization file (`apps/kustomization.yaml`, `Kustomization`). */
export function isKustomizationFile(path: string): boolean {
  return (KUSTOMIZATION_FILES as readonly string[]).includes(posix.basename(path));
}

/** The kustomization file of `dir`, if it has one. */
export function kustomizationFileOf(files: RepoFiles, dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((path) => files.has(path));
}

const configCache = new WeakMap<RepoFiles, Map<string, Record<string, unknown> | undefined>>();

/**
 * The parsed kustomization file at `path`, once per file map (the builds of one analysis, and the checks that read
 * generators, patches and namespaces, share it); undefined when it is missing, does not parse, or is no mapping.
 * Shared: callers never change it.
 */
export function kustomizationConfig(files: RepoFiles, path: string): Record<string, unknown> | undefined {
  let configs = configCache.get(files);
  if (!configs) {
    configs = new Map();
    configCache.set(files, configs);
  }
  if (configs.has(path)) return configs.get(path);
  let config: Record<string, unknown> | undefined;
  try {
    config = asRecord(parseYamlValue(files.get(path) ?? '', { logLevel: 'error' }));
  } catch {
    config = undefined; // reported by parseManifests as yaml-parse-error
  }
  configs.set(path, config);
  return config;
}

/** `spec.path` of a Flux Kustomization as a repo-relative directory: no leading `./` or `/`, `''` for the root. */
export function normalizeRepoDir(path: string | undefined): string {
  const normalized = posix.normalize(`/${path ?? ''}`).replace(/^\/+|\/+$/g, '');
  return normalized === '.' ? '' : normalized;
}

/** What kustomize reads from the repo when Flux builds one directory. */
export interface KustomizeBuild {
  /** Repo files read as resources, sorted. */
  files: string[];
  /** Directories the build entered (their kustomization.yaml, or Flux's generated one), sorted. */
  dirs: string[];
  /** Other files the build reads: `patches`/`patchesStrategicMerge` files and generator inputs, sorted. */
  used: string[];
  /** Local `resources`/`components` entries that name no file and no directory: `kustomization.yaml` → entry. */
  missing: { kustomization: string; entry: string; target: string }[];
  /**
   * The namespace the build gives each resource file whose chain of kustomizations sets one: that of the outermost
   * kustomization.yaml that sets it (kustomize applies each level's namespace over the one below), also through a
   * folder an overlay includes from elsewhere (`../../base/web`).
   */
  namespaces: ReadonlyMap<string, string>;
}

/**
 * The repo files kustomize would read as resources when Flux builds `dir`: the `resources` (and `components`) of its
 * kustomization.yaml, recursively; without one, what Flux's generated kustomization takes: every YAML file under the
 * directory, and any subdirectory that has its own kustomization.yaml through that one. Sorted, no duplicates.
 */
export function kustomizeBuildFiles(files: RepoFiles, dir: string): string[] {
  return kustomizeBuild(files, dir).files;
}

/**
 * The whole build of `dir`: resources, directories entered, patch and generator files, and entries that are missing.
 * Once per file map and folder (checks and the Flux model ask for the same folders many times); shared, so callers
 * never change it.
 */
export function kustomizeBuild(files: RepoFiles, dir: string): KustomizeBuild {
  const key = normalizeRepoDir(dir);
  let builds = buildCache.get(files);
  if (!builds) {
    builds = new Map();
    buildCache.set(files, builds);
  }
  const known = builds.get(key);
  if (known) return known;
  const state: BuildState = {
    files,
    out: new Set(),
    visited: new Set(),
    used: new Set(),
    missing: [],
    namespaces: new Map(),
  };
  visitDirectory(state, key, undefined);
  const build = {
    files: [...state.out].sort(),
    dirs: [...state.visited].sort(),
    used: [...state.used].sort(),
    missing: state.missing,
    namespaces: state.namespaces,
  };
  builds.set(key, build);
  return build;
}

const buildCache = new WeakMap<RepoFiles, Map<string, KustomizeBuild>>();

interface BuildState {
  files: RepoFiles;
  out: Set<string>;
  visited: Set<string>;
  used: Set<string>;
  missing: KustomizeBuild['missing'];
  namespaces: Map<string, string>;
}

/** `outer`: the namespace a kustomization that includes this folder sets, which wins over any set inside it. */
function visitDirectory(state: BuildState, dir: string, outer: string | undefined): void {
  if (state.visited.has(dir)) return;
  state.visited.add(dir);
  const kustomizationFile = kustomizationFileOf(state.files, dir);
  if (kustomizationFile) visitKustomization(state, dir, kustomizationFile, outer);
  else visitGenerated(state, dir, outer);
}

function visitKustomization(
  state: BuildState,
  dir: string,
  kustomizationFile: string,
  outer: string | undefined,
): void {
  const { files } = state;
  state.used.add(kustomizationFile);
  const config = kustomizationConfig(files, kustomizationFile);
  const own = typeof config?.namespace === 'string' && config.namespace !== '' ? config.namespace : undefined;
  const namespace = outer ?? own;
  const entries = [config?.resources, config?.components].flatMap((list) => (Array.isArray(list) ? list : []));
  for (const entry of entries) {
    if (typeof entry !== 'string' || isRemote(entry)) continue;
    const target = join(dir, entry);
    if (files.has(target)) add(state, target, namespace);
    else if (isDirectory(files, target)) visitDirectory(state, target, namespace);
    else state.missing.push({ kustomization: kustomizationFile, entry, target });
  }
  for (const path of referencedFiles(config)) {
    const target = join(dir, path);
    if (files.has(target)) state.used.add(target);
  }
}

/** Files that kustomization files read as something other than resources, and that none lists as a resource. */
export interface KustomizeInputs {
  /**
   * Read as patches (`patches[].path`, `patchesStrategicMerge`, `patchesJson6902[].path`): fragments merged into
   * objects declared elsewhere, never applied as they are. A check that judges what a manifest leaves out (no
   * securityContext, no limits) must not judge a fragment, which leaves out everything it does not change.
   */
  patches: ReadonlySet<string>;
  /**
   * Read by a `configMapGenerator`/`secretGenerator` (`files`, `envs`, `env`): copied into a ConfigMap or Secret as
   * text, never parsed by kustomize, so YAML that does not parse does not stop a build.
   */
  generatorInputs: ReadonlySet<string>;
}

const inputsCache = new WeakMap<RepoFiles, KustomizeInputs>();

/** What the repository's kustomization files read besides resources (see `KustomizeInputs`), once per file map. */
export function kustomizeInputs(files: RepoFiles): KustomizeInputs {
  const known = inputsCache.get(files);
  if (known) return known;
  const patches = new Set<string>();
  const generated = new Set<string>();
  const resources = new Set<string>();
  for (const file of files.keys()) {
    if (!isKustomizationFile(file)) continue;
    const config = kustomizationConfig(files, file);
    const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    for (const path of patchPaths(config)) patches.add(join(dir, path));
    for (const path of generatorPaths(config)) generated.add(join(dir, path));
    for (const entry of [config?.resources, config?.components].flatMap((list) => (Array.isArray(list) ? list : []))) {
      if (typeof entry === 'string' && !isRemote(entry)) resources.add(join(dir, entry));
    }
  }
  const only = (paths: Set<string>) => new Set([...paths].filter((path) => files.has(path) && !resources.has(path)));
  const inputs = { patches: only(patches), generatorInputs: only(generated) };
  inputsCache.set(files, inputs);
  return inputs;
}

/** The patch files a kustomization file names (inline patches, which hold a newline, are not files). */
function patchPaths(config: Record<string, unknown> | undefined): string[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const paths: string[] = [];
  for (const patch of [...list(config?.patches), ...list(config?.patchesJson6902)]) {
    const path = asRecord(patch)?.path;
    if (typeof patch === 'string') paths.push(patch);
    else if (typeof path === 'string') paths.push(path);
  }
  for (const patch of list(config?.patchesStrategicMerge)) if (typeof patch === 'string') paths.push(patch);
  return paths.filter((path) => !path.includes('\n'));
}

/** Paths a kustomization.yaml reads besides resources: patch files and configMap/secret generator inputs. */
function referencedFiles(config: Record<string, unknown> | undefined): string[] {
  return [...patchPaths(config), ...generatorPaths(config)];
}

/** The files a kustomization file's configMap and secret generators read (`key=path` entries by their path). */
function generatorPaths(config: Record<string, unknown> | undefined): string[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const paths: string[] = [];
  for (const generator of [...list(config?.configMapGenerator), ...list(config?.secretGenerator)]) {
    const record = asRecord(generator);
    for (const file of [...list(record?.files), ...list(record?.envs)]) {
      if (typeof file === 'string') paths.push(file.includes('=') ? file.slice(file.indexOf('=') + 1) : file);
    }
    if (typeof record?.env === 'string') paths.push(record.env);
  }
  return paths;
}

function visitGenerated(state: BuildState, dir: string, outer: string | undefined): void {
  const { files } = state;
  const prefix = dir === '' ? '' : `${dir}/`;
  const subdirectories = new Set<string>();
  for (const path of files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) subdirectories.add(prefix + rest.slice(0, slash));
    else if (isYamlPath(rest) && !rest.startsWith('.')) add(state, path, outer);
  }
  for (const subdirectory of [...subdirectories].sort()) {
    if (posix.basename(subdirectory).startsWith('.')) continue;
    visitDirectory(state, subdirectory, outer);
  }
}

/** A resource file of the build, with the namespace its kustomizations give it (the first way it is reached). */
function add(state: BuildState, file: string, namespace: string | undefined): void {
  state.out.add(file);
  if (namespace !== undefined && !state.namespaces.has(file)) state.namespaces.set(file, namespace);
}

function join(dir: string, entry: string): string {
  return normalizeRepoDir(posix.join(dir, entry));
}

const directoryCache = new WeakMap<RepoFiles, Set<string>>();

/** True when some file of the repo lies under `dir`. */
function isDirectory(files: RepoFiles, dir: string): boolean {
  return repoDirectories(files).has(dir);
}

/** Every directory that holds a file, at any depth (`a`, `a/b` for `a/b/c.yaml`), built once per file map. */
export function repoDirectories(files: RepoFiles): ReadonlySet<string> {
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
  return dirs;
}

function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|git@)/.test(entry);
}

/** `a`, `a/b`, `a/b/c` for `a/b/c/file.yaml`; `''` stands for the root and comes first. */
export function ancestorsOf(file: string): string[] {
  const dir = posix.dirname(file);
  if (dir === '.') return [''];
  const parts = dir.split('/');
  return ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}
