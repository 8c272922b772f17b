import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import type { FluxInstanceSync } from './flux-instance';
import type { FluxKustomization } from './flux-kustomization';
import { BOOTSTRAP_SOURCE, describeSource, sourceKey } from './flux-source';
import { ancestorsOf, isKustomizationFile, kustomizeBuild, normalizeRepoDir } from './kustomize-build-files';

/** Where a repo file stands in the Flux build: the Kustomization that applies it, or why none does. */
export type Placement = { deployedBy: string } | { notDeployed: string };

/** What Flux deploys from this repository, file by file. */
export interface FluxDeployment {
  /** The Flux Kustomizations the cluster applies: the roots and every one they build, as `namespace/name`. */
  active: string[];
  /** Where `file` stands; files of no Flux build come with the reason. */
  placement(file: string): Placement;
  /**
   * The Flux Kustomization of this repo that applies `file` (the one `placement` names), or undefined when none does
   * or the cluster's bootstrap does. Told apart from others of the same name, as clusters of one repo often have.
   */
  deployer(file: string): FluxKustomization | undefined;
  /**
   * The clusters that apply `file`, each named by the file of its root sync (a Kustomization that syncs itself, or a
   * FluxInstance; without one, the folder of the Kustomizations nothing builds): those whose root reaches it through
   * the Kustomizations it builds. Empty when nothing applies it.
   */
  clusters(file: string): string[];
}

interface Builder {
  name: string;
  /** The Kustomization it stands for; undefined for the Flux operator's root of a FluxInstance sync. */
  kustomization?: FluxKustomization;
  path: string;
  /** The file that declares it (for the Flux operator's root, the FluxInstance or its HelmRelease). */
  file?: string;
  files: Set<string>;
  dirs: Set<string>;
}

/**
 * From the roots (Kustomizations that sync their own file, the Flux operator's root for each FluxInstance sync, or
 * when there are none, every Kustomization no other one builds) through every Kustomization they build: a file is
 * deployed by the most specific active Kustomization whose build reads it.
 */
export function planDeployment(
  files: RepoFiles,
  kustomizations: readonly FluxKustomization[],
  instances: readonly FluxInstanceSync[],
  /** The files that declare each source of this repository, by `sourceKey`. */
  sourceFiles: ReadonlyMap<string, readonly string[]> = new Map(),
): FluxDeployment {
  const builders = new Map<FluxKustomization, Builder>();
  const byName = (k: FluxKustomization) => `${k.namespace}/${k.ref.name}`;
  for (const k of kustomizations) {
    if (!k.fromThisRepo) continue;
    builders.set(k, {
      name: byName(k),
      kustomization: k,
      path: k.path,
      file: k.document.file,
      files: new Set([...k.build.files, ...k.build.used]),
      dirs: new Set(k.build.dirs),
    });
  }
  const roots: Builder[] = instances.flatMap((instance) =>
    syncPaths(files, normalizeRepoDir(instance.path)).map((path) => {
      const build = kustomizeBuild(files, path);
      const name = `${BOOTSTRAP_SOURCE.namespace}/${instance.source.name}`;
      const built = new Set([...build.files, ...build.used]);
      return { name, path, file: instance.file, files: built, dirs: new Set(build.dirs) };
    }),
  );
  // A suspended Kustomization applies nothing, and one whose name holds a variable is a template something stamps out:
  // neither is a root.
  const template = (builder: Builder) =>
    builder.kustomization?.effective.spec !== undefined &&
    ((builder.kustomization.effective.spec as Record<string, unknown>).suspend === true || builder.name.includes('${'));
  for (const builder of builders.values())
    if (builder.file && builder.files.has(builder.file) && !template(builder)) roots.push(builder);
  /** Roots taken for want of a sync: Kustomizations applied by hand, one cluster's usually side by side in a folder. */
  const unsynced = new Set<Builder>();
  const built = new Set([...builders.values()].flatMap((b) => [...b.files].filter((f) => f !== b.file)));
  // A Kustomization that builds nothing (its path is gone: a cluster moved to an archive folder) roots no cluster.
  const buildsSomething = (builder: Builder) => builder.files.size > 0;
  if (roots.length === 0) {
    for (const builder of builders.values())
      if (builder.file && !built.has(builder.file) && !template(builder) && buildsSomething(builder))
        unsynced.add(builder);
    // One whose folder another of them builds, and whose file that folder's kustomization leaves out, is switched off
    // (`# - old-app.yaml` in the list), not applied by hand.
    const switchedOff = [...unsynced].filter((builder) => {
      const dir = posix.dirname(builder.file!);
      return [...unsynced].some((other) => other !== builder && other.dirs.has(dir === '.' ? '' : dir));
    });
    if (switchedOff.length < unsynced.size) for (const builder of switchedOff) unsynced.delete(builder);
    roots.push(...unsynced);
  } else {
    // Another cluster of the repository syncs itself, and this one is applied by hand (`kubectl apply -k` of a folder
    // that lists the repository's GitRepository beside the Kustomization that builds the rest): a root too.
    for (const builder of builders.values()) {
      if (!builder.file || built.has(builder.file) || roots.includes(builder) || template(builder)) continue;
      if (!buildsSomething(builder)) continue;
      const source = builder.kustomization?.sourceRef;
      const declared = source ? (sourceFiles.get(sourceKey(source)) ?? []) : [];
      if (declared.length > 0 && appliedTogether(files, builder.file, declared)) {
        unsynced.add(builder);
        roots.push(builder);
      }
    }
  }
  const active = new Set<Builder>();
  const queue = [...roots];
  for (let builder = queue.shift(); builder; builder = queue.shift()) {
    if (active.has(builder)) continue;
    active.add(builder);
    for (const child of builders.values()) if (child.file && builder.files.has(child.file)) queue.push(child);
  }
  const activeBuilders = [...active];
  // Several clusters in one repository often name their Kustomizations alike (each root `flux-system/flux-system`):
  // where active ones share a name, each is told apart by the file that declares it.
  // A file that several clusters build and patch in their own way declares one of them per cluster (the variants of a
  // fleet's shared root): those are told apart by the path each builds.
  const sharing = new Map<string, number>();
  const sharingFile = new Map<string, number>();
  for (const builder of activeBuilders) {
    sharing.set(builder.name, (sharing.get(builder.name) ?? 0) + 1);
    if (builder.file) {
      const key = `${builder.name}\u0000${builder.file}`;
      sharingFile.set(key, (sharingFile.get(key) ?? 0) + 1);
    }
  }
  const labelOf = (builder: Builder) => {
    if ((sharing.get(builder.name) ?? 0) <= 1 || !builder.file) return builder.name;
    return (sharingFile.get(`${builder.name}\u0000${builder.file}`) ?? 0) > 1
      ? `${builder.name} (${builder.file}, path ./${builder.path})`
      : `${builder.name} (${builder.file})`;
  };
  const foreign = kustomizations.filter((k) => !k.fromThisRepo);
  const idle = kustomizations.filter((k) => k.fromThisRepo && !active.has(builders.get(k) as Builder));
  const cache = new Map<string, Placement>();
  const foreignBuilds = new Map<FluxKustomization, Set<string>>();
  /** What a Kustomization of another source would build if its path were read in this tree, computed once. */
  const foreignBuild = (k: FluxKustomization) => {
    let built = foreignBuilds.get(k);
    if (!built) {
      built = new Set(kustomizeBuild(files, k.path).files);
      foreignBuilds.set(k, built);
    }
    return built;
  };

  const placement = (file: string, seen = new Set<string>()): Placement => {
    const known = cache.get(file);
    if (known) return known;
    const result = place(file, seen);
    cache.set(file, result);
    return result;
  };

  /** The most specific active Kustomization whose build reads `file`. */
  const deployerOf = (file: string): Builder | undefined => {
    const deployers = activeBuilders.filter((b) => b.files.has(file));
    return deployers.length > 0 ? deployers.reduce((a, b) => (b.path.length > a.path.length ? b : a)) : undefined;
  };

  const place = (file: string, seen: Set<string>): Placement => {
    const best = deployerOf(file);
    const root = roots.find((b) => b.file === file);
    if (!best && root) return { deployedBy: labelOf(root) }; // applied when the cluster was bootstrapped
    if (best) {
      // A file that several Kustomizations build (a Component each app includes, a base of every cluster): each of
      // them applies it; the finding names the most specific one and how many more there are.
      const others = activeBuilders.filter((b) => b !== best && b.files.has(file)).length;
      return { deployedBy: others > 0 ? `${labelOf(best)} and ${others} more` : labelOf(best) };
    }
    for (const k of foreign) {
      if (k.sourceRef && k.path !== '' && foreignBuild(k).has(file)) {
        return { notDeployed: `built from ${describeSource(k.sourceRef)}, not this repository` };
      }
    }
    for (const k of idle) {
      if (!k.build.files.includes(file) || seen.has(k.document.file)) continue;
      const parent = placement(k.document.file, new Set([...seen, file]));
      const why = 'notDeployed' in parent ? `: ${parent.notDeployed}` : '';
      return { notDeployed: `built by Flux Kustomization ${byName(k)}, which nothing deploys${why}` };
    }
    const ancestors = ancestorsOf(file);
    for (const dir of [...ancestors].reverse()) {
      const builder = activeBuilders.find((b) => b.dirs.has(dir));
      if (!builder) continue;
      const kustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
        .map((name) => (dir === '' ? name : `${dir}/${name}`))
        .find((path) => files.has(path));
      return {
        notDeployed: kustomization
          ? `not listed in ${kustomization}`
          : `Flux Kustomization ${labelOf(builder)} builds ${dir || 'the repository root'}/ without it`,
      };
    }
    const paths = activeBuilders.map((b) => b.path);
    const outside = ancestors.find((dir) => dir !== '' && !paths.some((p) => p === dir || p.startsWith(`${dir}/`)));
    return {
      notDeployed: outside
        ? `no Flux Kustomization's path includes ${outside}/`
        : `no Flux Kustomization's path includes ${file.includes('/') ? file : 'the repository root'}`,
    };
  };

  /** Every builder each root reaches, itself included. */
  const reach = new Map<Builder, Set<Builder>>();
  const reachOf = (root: Builder) => {
    let reached = reach.get(root);
    if (reached) return reached;
    reached = new Set<Builder>();
    const stack = [root];
    for (let builder = stack.pop(); builder; builder = stack.pop()) {
      if (reached.has(builder)) continue;
      reached.add(builder);
      for (const child of builders.values()) if (child.file && builder.files.has(child.file)) stack.push(child);
    }
    reach.set(root, reached);
    return reached;
  };
  const clusters = (file: string) =>
    roots
      .filter((root) => root.file === file || [...reachOf(root)].some((b) => b.files.has(file)))
      .map((root) => (unsynced.has(root) && root.file ? posix.dirname(root.file) : (root.file ?? root.name)));

  return {
    active: [...new Set(activeBuilders.map((b) => b.name))],
    placement: (file) => placement(file),
    deployer: (file) => deployerOf(file)?.kustomization,
    clusters,
  };
}

/**
 * True when one kustomization of the repository builds `file` together with a file that declares its source: the
 * folder a person applies with `kubectl apply -k` to bootstrap a cluster.
 */
function appliedTogether(files: RepoFiles, file: string, sourceFiles: readonly string[]): boolean {
  for (const path of files.keys()) {
    if (!isKustomizationFile(path)) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const build = new Set(kustomizeBuild(files, dir).files);
    if (build.has(file) && sourceFiles.some((source) => build.has(source))) return true;
  }
  return false;
}

/**
 * A template's placeholder in one segment of a sync path (`clusters/@cluster@/flux` that Nix renders, `${CLUSTER}`,
 * `{{ .cluster }}`): what fills it is not in the repository.
 */
const PATH_PLACEHOLDER = /@[A-Za-z_][\w-]*@|\$\{[^{}/]+\}|\{\{[^{}/]+\}\}/g;

/**
 * The directories a sync path names. A path whose segments hold a template's placeholder names each directory of the
 * repository that fits it, a placeholder standing for any one segment: every cluster the template is rendered for
 * (instead of none, which would put everything under "nothing deploys"). A path without one names itself.
 */
function syncPaths(files: RepoFiles, path: string): string[] {
  const literals = path.split(PATH_PLACEHOLDER);
  if (literals.length === 1) return [path];
  // A placeholder holds no `/`, so it stands for (part of) one segment.
  const pattern = new RegExp(`^${literals.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}/`);
  const dirs = new Set<string>();
  for (const file of files.keys()) {
    const match = pattern.exec(file);
    if (match) dirs.add(match[0].slice(0, -1));
  }
  return dirs.size > 0 ? [...dirs].sort() : [path];
}
