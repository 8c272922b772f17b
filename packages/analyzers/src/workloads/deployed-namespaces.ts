import type { AnalysisContext } from '../analysis-context';
import type { FluxKustomization } from '../flux/flux-kustomization';
import { isKustomizationFile } from '../flux/kustomize-build-files';
import { substituteText } from '../flux/post-build-variables';
import { getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';

/** The namespaces of one application of a document; `any` when the repository does not say. */
export type Namespaces = readonly string[] | 'any';

/** One way a document is applied: by one Flux Kustomization that builds its file, or as written. */
export interface Application {
  /** Where its namespaced objects land. */
  namespaces: Namespaces;
  /** The inline `postBuild.substitute` variables of the Kustomization that applies it. */
  substitute: Readonly<Record<string, string>>;
}

interface Index {
  builders: Map<string, FluxKustomization[]>;
  /** `namespace:` of each directory's kustomization.yaml. */
  kustomizeNamespaces: Map<string, string>;
}

const indexes = new WeakMap<readonly ManifestDocument[], Index>();

function indexOf(context: Pick<AnalysisContext, 'documents' | 'flux'>): Index {
  const cached = indexes.get(context.documents);
  if (cached) return cached;
  const builders = new Map<string, FluxKustomization[]>();
  for (const k of context.flux.kustomizations) {
    for (const file of k.builtFiles) builders.set(file, [...(builders.get(file) ?? []), k]);
  }
  const kustomizeNamespaces = new Map<string, string>();
  for (const { file, object } of context.documents) {
    const apiVersion = getPath(object, ['apiVersion']);
    const namespace = getPath(object, ['namespace']);
    // kustomize reads a kustomization.yaml without apiVersion as well.
    const isKustomize =
      (typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/')) ||
      (apiVersion === undefined && isKustomizationFile(file));
    if (isKustomize && typeof namespace === 'string') kustomizeNamespaces.set(directoryOf(file), namespace);
  }
  const index = { builders, kustomizeNamespaces };
  indexes.set(context.documents, index);
  return index;
}

/**
 * Each way `document` is applied. A Flux Kustomization's `targetNamespace` decides alone; otherwise the object's own
 * namespace and the `namespace:` of any kustomization.yaml above it are all candidates (kustomize may set either).
 */
export function applicationsOf(
  context: Pick<AnalysisContext, 'documents' | 'flux'>,
  document: ManifestDocument,
): Application[] {
  const index = indexOf(context);
  const own = getPath(document.object, ['metadata', 'namespace']);
  const above = ancestors(document.file).flatMap((dir) => {
    const namespace = index.kustomizeNamespaces.get(dir);
    return namespace === undefined ? [] : [namespace];
  });
  const place = (target: unknown, substitute: Record<string, string>): Application => {
    if (typeof target === 'string') return { namespaces: oneOrAny(resolveVariables(target, substitute)), substitute };
    if (typeof own === 'string') {
      const resolved = resolveVariables(own, substitute);
      return { namespaces: resolved === undefined ? 'any' : [resolved, ...above], substitute };
    }
    return { namespaces: above.length > 0 ? above : 'any', substitute };
  };
  const builders = index.builders.get(document.file) ?? [];
  if (builders.length === 0) return [place(undefined, {})];
  return builders.map((k) => place(getPath(k.effective, ['spec', 'targetNamespace']), k.postBuild?.substitute ?? {}));
}

/**
 * Kinds that live in no namespace: kustomize's namespace and Flux's `targetNamespace` leave them as they are (a kind
 * unknown here is taken as namespaced, as kustomize takes it).
 */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeSnapshotClass',
  'IngressClass',
  'GatewayClass',
  'PriorityClass',
  'RuntimeClass',
  'CustomResourceDefinition',
  'APIService',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PodSecurityPolicy',
  'SecurityContextConstraints',
  'CertificateSigningRequest',
]);

function isClusterScoped(object: Record<string, unknown>): boolean {
  const kind = String(object.kind);
  const apiVersion = String(object.apiVersion ?? '');
  // Cluster-wide by name (ClusterRole, ClusterIssuer, ClusterSecretStore…); kustomize's own files are no objects.
  return CLUSTER_SCOPED.has(kind) || kind.startsWith('Cluster') || apiVersion.startsWith('kustomize.config.k8s.io/');
}

/** A namespace's name: a DNS label (RFC 1123). */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The namespace a namespaced object lands in as Flux applies it, when the repository says exactly one: the
 * `targetNamespace` of each Flux Kustomization that builds its file, else the namespace its build gives the file (the
 * outermost kustomization.yaml of the chain that includes it: an overlay's over its base's). Undefined when no Flux
 * Kustomization builds it, when one applies it as written, or when they disagree.
 */
export function appliedNamespace(
  context: Pick<AnalysisContext, 'documents' | 'flux'>,
  document: ManifestDocument,
): string | undefined {
  const object = document.object as Record<string, unknown> | null;
  if (typeof object !== 'object' || object === null || typeof object.kind !== 'string' || isClusterScoped(object)) {
    return undefined;
  }
  const builders = indexOf(context).builders.get(document.file) ?? [];
  const found = new Set<string>();
  for (const k of builders) {
    const substitute = k.postBuild?.substitute ?? {};
    const target = getPath(k.effective, ['spec', 'targetNamespace']);
    const written = typeof target === 'string' && target !== '' ? target : k.build.namespaces.get(document.file);
    const namespace = written === undefined ? undefined : resolveVariables(written, substitute);
    // A name no namespace can have (`_`, a placeholder a kustomize replacement overwrites) says nothing.
    if (namespace === undefined || !NAMESPACE_NAME.test(namespace)) return undefined;
    found.add(namespace);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * `text` with its Flux `${VAR}` references replaced from `substitute` or their defaults, as Flux substitutes them
 * (`substituteText`); undefined if one is unknown.
 */
export function resolveVariables(text: string, substitute: Readonly<Record<string, string>>): string | undefined {
  return substituteText(text, (name) => (name in substitute ? { value: substitute[name]! } : 'unset'));
}

/** True when two namespace sets may share a namespace. */
export function overlap(a: Namespaces, b: Namespaces): boolean {
  return a === 'any' || b === 'any' || a.some((namespace) => b.includes(namespace));
}

/** The namespaces in both; `any` only when both are. */
export function intersect(a: Namespaces, b: Namespaces): Namespaces {
  if (a === 'any') return b;
  if (b === 'any') return a;
  return a.filter((namespace) => b.includes(namespace));
}

function oneOrAny(namespace: string | undefined): Namespaces {
  return namespace === undefined || namespace === '' ? 'any' : [namespace];
}

function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/** The directories above a file, nearest first, the repository root (`''`) last. */
function ancestors(file: string): string[] {
  const out: string[] = [];
  let dir = directoryOf(file);
  for (;;) {
    out.push(dir);
    if (dir === '') return out;
    dir = directoryOf(dir);
  }
}
