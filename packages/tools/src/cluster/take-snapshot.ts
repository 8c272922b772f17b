import { type ClusterSnapshot, type FluxKind, TriadError } from '@triad/core';
import type { ClusterKind } from './cluster-kinds';
import type { ClusterPort, ObjectOf } from './cluster-port';
import type { KubeObject } from './kube-object';
import { listAll } from './list-all';
import { mapFlux } from './map-flux';
import { mapNode } from './map-node';
import { mapPod } from './map-pod';
import { eventLastSeen, mapPvc, mapSecret, mapWarning } from './map-storage-events';

export interface SnapshotOptions {
  /** The instant the snapshot is taken at; Warning events older than `warningWindowMs` before it are left out. */
  now?: Date;
  /** Default one hour. */
  warningWindowMs?: number;
  pageSize?: number;
}

/** The live objects as the API returned them (plain JSON), in the shape the analyzers' cluster checks read. */
export interface ClusterObjects {
  /** When they were read (ISO 8601). */
  readAt: string;
  nodes: KubeObject[];
  pods: KubeObject[];
  persistentVolumeClaims: KubeObject[];
  kustomizations: KubeObject[];
  helmReleases: KubeObject[];
}

/** One read of the cluster: the raw objects for the analyzers, and the typed snapshot for reports and models. */
export interface ClusterReading {
  objects: ClusterObjects;
  snapshot: ClusterSnapshot;
}

/** Reads nodes, pods, Flux objects, PVCs, Secrets' metadata and recent Warning events, page by page. */
export async function readCluster(port: ClusterPort, options: SnapshotOptions = {}): Promise<ClusterReading> {
  const now = options.now ?? new Date();
  const since = now.getTime() - (options.warningWindowMs ?? 3_600_000);
  const paged = { ...(options.pageSize ? { pageSize: options.pageSize } : {}) };
  const all = <K extends ClusterKind>(kind: K, extra: { fieldSelector?: string } = {}) =>
    listAll(port, kind, { ...paged, ...extra });
  const [nodes, pods, pvcs, events, secrets, kustomizations, helmReleases, gitRepositories, ociRepositories] =
    await Promise.all([
      all('Node'),
      all('Pod'),
      all('PersistentVolumeClaim'),
      all('Event', { fieldSelector: 'type=Warning' }),
      all('Secret'),
      optionalKind(all('Kustomization')),
      optionalKind(all('HelmRelease')),
      optionalKind(all('GitRepository')),
      optionalKind(all('OCIRepository')),
    ]);
  const flux = (kind: FluxKind, items: KubeObject[]) => items.map((item) => mapFlux(kind, item));
  const snapshot: ClusterSnapshot = {
    source: port.source,
    takenAt: now.toISOString(),
    nodes: nodes.map(mapNode),
    pods: pods.map(mapPod),
    flux: {
      kustomizations: flux('Kustomization', kustomizations),
      helmReleases: flux('HelmRelease', helmReleases),
      gitRepositories: flux('GitRepository', gitRepositories),
      ociRepositories: flux('OCIRepository', ociRepositories),
    },
    pvcs: pvcs.map(mapPvc),
    warnings: events
      .filter((event) => event.type === undefined || event.type === 'Warning')
      .filter((event) => Date.parse(eventLastSeen(event) ?? '') >= since)
      .map(mapWarning),
    secrets: secrets.map(mapSecret),
  };
  return {
    objects: { readAt: snapshot.takenAt, nodes, pods, persistentVolumeClaims: pvcs, kustomizations, helmReleases },
    snapshot,
  };
}

/** The typed snapshot alone. */
export async function takeSnapshot(port: ClusterPort, options: SnapshotOptions = {}): Promise<ClusterSnapshot> {
  return (await readCluster(port, options)).snapshot;
}

/** A Flux kind whose CRD is not installed (404) lists as empty: not every cluster runs every controller. */
async function optionalKind<T extends ObjectOf<ClusterKind>>(listing: Promise<T[]>): Promise<T[]> {
  try {
    return await listing;
  } catch (error) {
    if (TriadError.is(error) && error.details?.status === 404) return [];
    throw error;
  }
}
