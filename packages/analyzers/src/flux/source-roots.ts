import type { RepoFiles } from '@triad/core';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { type SourceRef, sourceKey } from './flux-source';
import { normalizeRepoDir, repoDirectories } from './kustomize-build-files';

/**
 * ExternalArtifacts an ArtifactGenerator (source.extensions.fluxcd.io) makes from one of `ours` by copying its files
 * to the same paths (`@repo/apps/x/` to `@artifact/apps/x/`): they hold this repository's files where it holds them,
 * so they are this repository too, at the same root. An artifact that moves files elsewhere is left out (its paths
 * would need the copy rules to read).
 */
export function generatedArtifacts(
  documents: readonly ManifestDocument[],
  ours: ReadonlySet<string>,
): Map<string, string> {
  const made = new Map<string, string>();
  for (const document of documents) {
    const object = asRecord(document.object);
    if (
      object?.kind !== 'ArtifactGenerator' ||
      !String(object.apiVersion ?? '').startsWith('source.extensions.fluxcd.io/')
    )
      continue;
    const namespace = String(getPath(object, ['metadata', 'namespace']) ?? 'flux-system');
    const aliases = new Map<string, string>();
    for (const entry of list(getPath(object, ['spec', 'sources']))) {
      const source = asRecord(entry);
      if (typeof source?.alias !== 'string' || typeof source.name !== 'string' || typeof source.kind !== 'string')
        continue;
      const ref: SourceRef = {
        kind: source.kind,
        namespace: typeof source.namespace === 'string' ? source.namespace : namespace,
        name: source.name,
      };
      if (ours.has(sourceKey(ref))) aliases.set(source.alias, sourceKey(ref));
    }
    for (const entry of list(getPath(object, ['spec', 'artifacts']))) {
      const artifact = asRecord(entry);
      if (typeof artifact?.name !== 'string') continue;
      const copies = list(artifact.copy).map(asRecord);
      const origins = copies.map((copy) => samePlaceOrigin(copy?.from, copy?.to, aliases));
      const [origin] = origins;
      if (origin === undefined || origins.some((o) => o !== origin)) continue;
      made.set(sourceKey({ kind: 'ExternalArtifact', namespace, name: artifact.name }), origin);
    }
  }
  return made;
}

/** The source (key) a copy rule reads from, when it writes what it reads to the same path; else undefined. */
function samePlaceOrigin(from: unknown, to: unknown, aliases: ReadonlyMap<string, string>): string | undefined {
  if (typeof from !== 'string' || typeof to !== 'string') return undefined;
  const source = /^@([^/]+)\/(.*)$/.exec(from);
  const target = /^@artifact\/(.*)$/.exec(to);
  if (!source || !target) return undefined;
  const key = aliases.get(source[1]!);
  const plain = (path: string) => normalizeRepoDir(path.replace(/\/\*\*$|\/\*$/, ''));
  return key !== undefined && plain(source[2]!) === plain(target[1]!) ? key : undefined;
}

/**
 * Where each of this repository's sources has its root in the tree: `''` when the paths that read it resolve at the
 * top of the repository; else the directory under which most of them resolve. An OCI artifact CI pushes from a
 * folder (`flux push artifact --path=./kubernetes`) is read with paths relative to that folder.
 */
export function sourceRoots(
  files: RepoFiles,
  pathsBySource: ReadonlyMap<string, readonly string[]>,
): Map<string, string> {
  const dirs = repoDirectories(files);
  const roots = new Map<string, string>();
  for (const [source, raw] of pathsBySource) {
    const paths = raw.map(normalizeRepoDir).filter((path) => path !== '');
    const atTop = paths.filter((path) => dirs.has(path)).length;
    const under = new Map<string, number>();
    for (const path of new Set(paths)) {
      const suffix = `/${path}`;
      for (const dir of dirs) {
        if (!dir.endsWith(suffix)) continue;
        const prefix = dir.slice(0, -suffix.length);
        under.set(prefix, (under.get(prefix) ?? 0) + paths.filter((p) => p === path).length);
      }
    }
    // The folder most paths resolve under, the shallowest on a tie; the top while it does at least as well.
    const [best] = [...under].sort(
      ([a, x], [b, y]) => y - x || a.split('/').length - b.split('/').length || (a < b ? -1 : 1),
    );
    roots.set(source, best && best[1] > atTop ? best[0] : '');
  }
  return roots;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
