import { buildAnalysisContext } from '@triad/analyzers';
import type { RepoFiles } from '@triad/core';
import type { FluxRef } from './cluster-port';

/** Flux objects a commit concerns: the Kustomizations to watch, and the sources to fetch first. */
export interface ReconcileTargets {
  /** Sources (GitRepository, OCIRepository) the touched Kustomizations build from: reconciled first. */
  sources: FluxRef[];
  /** Kustomizations whose path builds a touched file, or whose own definition was touched. */
  kustomizations: FluxRef[];
}

/**
 * Which Flux Kustomizations of the repo (as it is at the commit) a change to `paths` reaches: those that build one of
 * the files (or have the file's directory under their path), and those defined in one of the files.
 */
export function reconcileTargets(files: RepoFiles, paths: readonly string[]): ReconcileTargets {
  const { context } = buildAnalysisContext(files);
  const kustomizations: FluxRef[] = [];
  const sources = new Map<string, FluxRef>();
  for (const k of context.flux.kustomizations) {
    const under = k.path === '' ? () => true : (path: string) => path.startsWith(`${k.path}/`);
    const touched = paths.some((path) => k.builtFiles.includes(path) || path === k.document.file || under(path));
    if (!touched) continue;
    const namespace = k.ref.namespace ?? 'flux-system';
    kustomizations.push({ kind: 'Kustomization', namespace, name: k.ref.name });
    const source = sourceRefOf(k.document.object, namespace);
    if (source) sources.set(`${source.kind}/${source.namespace}/${source.name}`, source);
  }
  return { sources: [...sources.values()], kustomizations };
}

function sourceRefOf(object: unknown, namespace: string): FluxRef | undefined {
  const ref = (object as { spec?: { sourceRef?: { kind?: unknown; name?: unknown; namespace?: unknown } } })?.spec
    ?.sourceRef;
  if (typeof ref?.name !== 'string') return undefined;
  const kind =
    ref.kind === 'OCIRepository' ? 'OCIRepository' : ref.kind === 'GitRepository' ? 'GitRepository' : undefined;
  if (!kind) return undefined;
  return { kind, namespace: typeof ref.namespace === 'string' ? ref.namespace : namespace, name: ref.name };
}
