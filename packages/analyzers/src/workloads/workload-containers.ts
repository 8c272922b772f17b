import type { ResourceRef } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';

const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The lists of a pod spec that hold containers. */
export type ContainerList = 'containers' | 'initContainers';

/** One container of a workload manifest, with where it sits. */
export interface WorkloadContainer {
  ref: ResourceRef;
  document: ManifestDocument;
  /** Path of the pod spec in the document (`['spec', 'template', 'spec']` for a Deployment). */
  podSpecPath: readonly string[];
  podSpec: Record<string, unknown>;
  list: ContainerList;
  /** Position in `list`. */
  index: number;
  /** `name`, or `#<index>` when the container has none. */
  name: string;
  container: Record<string, unknown>;
}

/** Where the pod spec of a workload kind sits, or undefined for kinds that have none. */
export function podSpecPathOf(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATHS[kind];
}

/** Every container and init container of a workload document (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob…). */
export function workloadContainers(document: ManifestDocument): WorkloadContainer[] {
  const ref = resourceRefOf(document.object);
  const podSpecPath = ref && podSpecPathOf(ref.kind);
  const podSpec = podSpecPath && asRecord(getPath(document.object, podSpecPath));
  if (!ref || !podSpecPath || !podSpec) return [];
  const out: WorkloadContainer[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((value, index) => {
      const container = asRecord(value);
      if (!container) return;
      const name = typeof container.name === 'string' ? container.name : `#${index}`;
      out.push({ ref, document, podSpecPath, podSpec, list, index, name, container });
    });
  }
  return out;
}

/** Path of a container in its document. */
export function containerPath(target: Pick<WorkloadContainer, 'podSpecPath' | 'list' | 'index'>): (string | number)[] {
  return [...target.podSpecPath, target.list, target.index];
}
