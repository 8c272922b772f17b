import { type ConfigurationOptions, CoreV1Api, type KubeConfig, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeObject } from './kube-object';

/** Asks the API server for metadata only: how Secrets are read, so their data never leaves the cluster. */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const METADATA_ONLY_ONE = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

export type CoreKind = 'Node' | 'Namespace' | 'Pod' | 'PersistentVolumeClaim' | 'Event' | 'Secret';

/** Paging and selectors, named as the generated client names them. */
export interface PageParams {
  limit?: number;
  _continue?: string;
  fieldSelector?: string;
  labelSelector?: string;
}

export interface CoreList {
  items: KubeObject[];
  metadata?: { _continue?: string; resourceVersion?: string };
}

/** The core-group calls the reader makes, by kind: lists and reads, nothing else. */
export function coreApi(config: KubeConfig) {
  const api = config.makeApiClient(CoreV1Api);
  const secretsAsMetadata: ConfigurationOptions = setHeaderOptions('Accept', METADATA_ONLY);
  const secretAsMetadata: ConfigurationOptions = setHeaderOptions('Accept', METADATA_ONLY_ONE);
  // The generated client decodes into model classes (timestamps as Dates); the port hands out the wire's JSON shape.
  const asList = (promise: Promise<unknown>) => promise.then(plain) as Promise<CoreList>;
  const asObject = (promise: Promise<unknown>) => promise.then(plain) as Promise<KubeObject>;

  const list: Record<CoreKind, (params: PageParams, namespace?: string) => Promise<CoreList>> = {
    Node: (p) => asList(api.listNode(p)),
    Namespace: (p) => asList(api.listNamespace(p)),
    Pod: (p, namespace) =>
      asList(namespace ? api.listNamespacedPod({ ...p, namespace }) : api.listPodForAllNamespaces(p)),
    PersistentVolumeClaim: (p, namespace) =>
      asList(
        namespace
          ? api.listNamespacedPersistentVolumeClaim({ ...p, namespace })
          : api.listPersistentVolumeClaimForAllNamespaces(p),
      ),
    Event: (p, namespace) =>
      asList(namespace ? api.listNamespacedEvent({ ...p, namespace }) : api.listEventForAllNamespaces(p)),
    Secret: (p, namespace) =>
      asList(
        namespace
          ? api.listNamespacedSecret({ ...p, namespace }, secretsAsMetadata)
          : api.listSecretForAllNamespaces(p, secretsAsMetadata),
      ),
  };

  const read: Record<CoreKind, (name: string, namespace: string) => Promise<KubeObject>> = {
    Node: (name) => asObject(api.readNode({ name })),
    Namespace: (name) => asObject(api.readNamespace({ name })),
    Pod: (name, namespace) => asObject(api.readNamespacedPod({ name, namespace })),
    PersistentVolumeClaim: (name, namespace) => asObject(api.readNamespacedPersistentVolumeClaim({ name, namespace })),
    Event: (name, namespace) => asObject(api.readNamespacedEvent({ name, namespace })),
    Secret: (name, namespace) => asObject(api.readNamespacedSecret({ name, namespace }, secretAsMetadata)),
  };

  return { list, read };
}

/** Model instances back to plain JSON: Dates become the RFC 3339 strings the API sent, unset fields disappear. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
