import { CustomObjectsApi, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { TriadError } from '@triad/core';
import { clusterError, statusOf } from './cluster-errors';
import { CLUSTER_KINDS, type ClusterKind, kindPath } from './cluster-kinds';
import {
  type ClusterPort,
  type FluxRef,
  type ListPage,
  type ObjectOf,
  RECONCILE_ANNOTATION,
  RECONCILE_FIELD_MANAGER,
  type WatchEvent,
} from './cluster-port';
import { type CoreKind, coreApi } from './core-api';
import { type KubeConfigSource, loadKubeConfig } from './kube-config';
import type { KubeObject, SecretObject } from './kube-object';

export interface KubeClusterOptions extends KubeConfigSource {
  /** Clock of the reconcile request's timestamp. */
  clock?: () => Date;
}

/** The cluster port over @kubernetes/client-node, from a kubeconfig (context selectable) or in-cluster config. */
export function createKubeCluster(options: KubeClusterOptions): ClusterPort {
  const { config, name: source } = loadKubeConfig(options);
  const core = coreApi(config);
  const custom = config.makeApiClient(CustomObjectsApi);
  const clock = options.clock ?? (() => new Date());
  const fail = (error: unknown, what: string) => clusterError(error, what, source);

  const get: ClusterPort['get'] = async (kind, ref) => {
    const info = CLUSTER_KINDS[kind];
    const namespace = ref.namespace ?? 'default';
    try {
      const object = info.reconcilable
        ? ((await custom.getNamespacedCustomObject({ ...crd(kind), namespace, name: ref.name })) as KubeObject)
        : await core.read[kind as CoreKind](ref.name, namespace);
      return present(kind, object);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw fail(error, `get ${kind} ${ref.name}`);
    }
  };

  const list: ClusterPort['list'] = async (kind, listOptions = {}) => {
    const params = {
      ...(listOptions.limit === undefined ? {} : { limit: listOptions.limit }),
      ...(listOptions.continue === undefined ? {} : { _continue: listOptions.continue }),
      ...(listOptions.fieldSelector === undefined ? {} : { fieldSelector: listOptions.fieldSelector }),
      ...(listOptions.labelSelector === undefined ? {} : { labelSelector: listOptions.labelSelector }),
    };
    try {
      const info = CLUSTER_KINDS[kind];
      const result = info.reconcilable
        ? ((listOptions.namespace
            ? await custom.listNamespacedCustomObject({ ...crd(kind), ...params, namespace: listOptions.namespace })
            : await custom.listClusterCustomObject({ ...crd(kind), ...params })) as {
            items: KubeObject[];
            metadata?: { continue?: string; _continue?: string; resourceVersion?: string };
          })
        : await core.list[kind as CoreKind](params, listOptions.namespace);
      const meta = result.metadata as { continue?: string; _continue?: string; resourceVersion?: string } | undefined;
      const next = meta?._continue ?? meta?.continue;
      return {
        items: result.items.map((item) => present(kind, item)),
        ...(next ? { continue: next } : {}),
        ...(meta?.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      } as ListPage<ObjectOf<typeof kind>>;
    } catch (error) {
      throw fail(error, `list ${kind}`);
    }
  };

  const watch: ClusterPort['watch'] = async (kind, watchOptions, onEvent) => {
    if (kind === 'Secret') {
      throw new TriadError('Secrets cannot be watched through the cluster port: list their metadata instead', {
        code: 'secret_watch_refused',
        domain: 'internal',
      });
    }
    let settle: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const query = {
      allowWatchBookmarks: true,
      ...(watchOptions.resourceVersion ? { resourceVersion: watchOptions.resourceVersion } : {}),
      ...(watchOptions.fieldSelector ? { fieldSelector: watchOptions.fieldSelector } : {}),
    };
    try {
      const controller = await new Watch(config).watch(
        kindPath(kind, watchOptions.namespace),
        query,
        (type, object) => onEvent({ type, object: present(kind, object) } as WatchEvent<ObjectOf<typeof kind>>),
        () => settle(),
      );
      return { stop: () => controller.abort(), done };
    } catch (error) {
      throw fail(error, `watch ${kind}`);
    }
  };

  const requestReconcile: ClusterPort['requestReconcile'] = async (ref: FluxRef) => {
    const current = await get(ref.kind, ref);
    const label = `${ref.kind} ${ref.namespace}/${ref.name}`;
    if (!current) {
      throw new TriadError(`${label} is not in the cluster (${source}): check the Flux object's name`, {
        code: 'flux_object_not_found',
        domain: 'cluster',
      });
    }
    if ((current.spec as { suspend?: unknown } | undefined)?.suspend === true) {
      throw new TriadError(`${label} is suspended: resume it (flux resume) before Triad asks Flux to reconcile it`, {
        code: 'reconcile_suspended',
        domain: 'cluster',
      });
    }
    const requestedAt = clock().toISOString();
    try {
      const patched = (await custom.patchNamespacedCustomObject(
        {
          ...crd(ref.kind),
          namespace: ref.namespace,
          name: ref.name,
          body: { metadata: { annotations: { [RECONCILE_ANNOTATION]: requestedAt } } },
          fieldManager: RECONCILE_FIELD_MANAGER,
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )) as KubeObject;
      const resourceVersion = patched.metadata?.resourceVersion;
      return { ref, requestedAt, ...(resourceVersion ? { resourceVersion } : {}) };
    } catch (error) {
      throw fail(error, `request a reconcile of ${label}`);
    }
  };

  return { source, get, list, watch, requestReconcile };
}

function crd(kind: ClusterKind) {
  const info = CLUSTER_KINDS[kind];
  return { group: info.group, version: info.version, plural: info.plural };
}

/** Objects as the port hands them out: Secrets cut down to metadata whatever the server sent. */
function present<K extends ClusterKind>(kind: K, object: KubeObject): ObjectOf<K> {
  if (kind !== 'Secret') return object as ObjectOf<K>;
  const { name, namespace, labels, resourceVersion, creationTimestamp, uid } = object.metadata ?? {};
  const secret: SecretObject = {
    kind: 'Secret',
    metadata: { name, namespace, labels, resourceVersion, creationTimestamp, uid },
  };
  return secret as ObjectOf<K>;
}
