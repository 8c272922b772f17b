import type { ContainerSecurity, ContainerSnapshot, PodSnapshot } from '@triad/core';
import type { KubeObject } from './kube-object';
import { conditions, isoTime, list, record, stringMap, text } from './object-fields';

export function mapPod(object: KubeObject): PodSnapshot {
  const spec = record(object.spec);
  const status = record(object.status);
  const podSecurity = record(spec.securityContext);
  const statuses = new Map(
    [...list(status.containerStatuses), ...list(status.initContainerStatuses)].map((raw) => [
      text(record(raw).name) ?? '',
      record(raw),
    ]),
  );
  const containers = [
    ...list(spec.initContainers).map((raw) => container(record(raw), true, statuses, podSecurity)),
    ...list(spec.containers).map((raw) => container(record(raw), false, statuses, podSecurity)),
  ];
  const node = text(spec.nodeName);
  const owner = ownerOf(object);
  const createdAt = isoTime(object.metadata?.creationTimestamp);
  return {
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    phase: text(status.phase) ?? 'Unknown',
    ...(node ? { node } : {}),
    ...(owner ? { owner } : {}),
    restarts: containers.reduce((sum, c) => sum + c.restartCount, 0),
    conditions: conditions(status).filter((c) => c.status !== 'True'),
    containers,
    secretRefs: secretRefs(spec),
    claimRefs: list(spec.volumes).flatMap((v) => text(record(record(v).persistentVolumeClaim).claimName) ?? []),
    nodeSelector: stringMap(spec.nodeSelector),
    ...(createdAt ? { createdAt } : {}),
  };
}

/** The controlling owner; a ReplicaSet named `<deployment>-<hash>` is reported as its Deployment. */
function ownerOf(object: KubeObject): PodSnapshot['owner'] {
  const refs = object.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') {
    const deployment = /^(.+)-[a-z0-9]{5,10}$/.exec(ref.name)?.[1];
    if (deployment) return { kind: 'Deployment', name: deployment };
  }
  return { kind: ref.kind, name: ref.name };
}

function container(
  spec: Record<string, unknown>,
  init: boolean,
  statuses: Map<string, Record<string, unknown>>,
  podSecurity: Record<string, unknown>,
): ContainerSnapshot {
  const name = text(spec.name) ?? '';
  const status = statuses.get(name) ?? {};
  const state = record(status.state);
  const waiting = record(state.waiting);
  const terminated = record(
    Object.keys(record(state.terminated)).length ? state.terminated : record(status.lastState).terminated,
  );
  const resources = record(spec.resources);
  const current = state.running ? 'running' : state.waiting ? 'waiting' : state.terminated ? 'terminated' : 'unknown';
  const waitingReason = text(waiting.reason);
  const waitingMessage = text(waiting.message);
  const terminatedReason = text(terminated.reason);
  const exitCode = typeof terminated.exitCode === 'number' ? terminated.exitCode : undefined;
  return {
    name,
    image: text(spec.image) ?? '',
    init,
    ready: status.ready === true,
    restartCount: typeof status.restartCount === 'number' ? status.restartCount : 0,
    state: current,
    ...(waitingReason ? { waitingReason } : {}),
    ...(waitingMessage ? { waitingMessage } : {}),
    ...(terminatedReason ? { terminatedReason } : {}),
    ...(exitCode === undefined ? {} : { exitCode }),
    requests: stringMap(resources.requests),
    limits: stringMap(resources.limits),
    security: security(record(spec.securityContext), podSecurity),
  };
}

function security(own: Record<string, unknown>, pod: Record<string, unknown>): ContainerSecurity {
  const pick = <T>(key: string, is: (v: unknown) => v is T): T | undefined =>
    is(own[key]) ? own[key] : is(pod[key]) ? pod[key] : undefined;
  const bool = (v: unknown): v is boolean => typeof v === 'boolean';
  const num = (v: unknown): v is number => typeof v === 'number';
  const capabilities = record(own.capabilities);
  const out: ContainerSecurity = {};
  const fields = {
    privileged: typeof own.privileged === 'boolean' ? own.privileged : undefined,
    allowPrivilegeEscalation:
      typeof own.allowPrivilegeEscalation === 'boolean' ? own.allowPrivilegeEscalation : undefined,
    runAsNonRoot: pick('runAsNonRoot', bool),
    runAsUser: pick('runAsUser', num),
    readOnlyRootFilesystem: typeof own.readOnlyRootFilesystem === 'boolean' ? own.readOnlyRootFilesystem : undefined,
    capabilitiesAdd: Array.isArray(capabilities.add) ? capabilities.add.map(String) : undefined,
    capabilitiesDrop: Array.isArray(capabilities.drop) ? capabilities.drop.map(String) : undefined,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(out, { [key]: value });
  return out;
}

/** Secret names the pod needs: env, envFrom, volumes, projected volumes and image pull secrets. */
function secretRefs(spec: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const raw of [...list(spec.containers), ...list(spec.initContainers)]) {
    const c = record(raw);
    for (const env of list(c.env)) {
      const name = text(record(record(record(env).valueFrom).secretKeyRef).name);
      if (name) names.add(name);
    }
    for (const from of list(c.envFrom)) {
      const name = text(record(record(from).secretRef).name);
      if (name) names.add(name);
    }
  }
  for (const raw of list(spec.volumes)) {
    const volume = record(raw);
    const name = text(record(volume.secret).secretName);
    if (name) names.add(name);
    for (const source of list(record(volume.projected).sources)) {
      const projected = text(record(record(source).secret).name);
      if (projected) names.add(projected);
    }
  }
  for (const pull of list(spec.imagePullSecrets)) {
    const name = text(record(pull).name);
    if (name) names.add(name);
  }
  return [...names].sort();
}
