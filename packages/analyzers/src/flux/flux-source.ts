import { asRecord, getPath } from '../parse/k8s-object';

/** The Flux source a Kustomization builds from (`spec.sourceRef`). */
export interface SourceRef {
  /** `GitRepository`, `OCIRepository`, `Bucket`, or `ExternalArtifact`. */
  kind: string;
  /** Defaults to the Kustomization's own namespace, as Flux does. */
  namespace: string;
  name: string;
}

/** The namespace and name Flux bootstrap and the Flux operator give the source of the repository they sync. */
export const BOOTSTRAP_SOURCE: SourceRef = { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' };

/** `spec.sourceRef` of a Flux Kustomization, or undefined when it names no source. */
export function sourceRefOf(object: unknown, defaultNamespace: string): SourceRef | undefined {
  const ref = asRecord(getPath(object, ['spec', 'sourceRef']));
  if (typeof ref?.name !== 'string') return undefined;
  return {
    kind: typeof ref.kind === 'string' ? ref.kind : 'GitRepository',
    namespace: typeof ref.namespace === 'string' ? ref.namespace : defaultNamespace,
    name: ref.name,
  };
}

/** `Kind/namespace/name`, to compare sources. */
export function sourceKey(ref: SourceRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** `OCIRepository flux-system/apps`, for reasons shown to a user. */
export function describeSource(ref: SourceRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
