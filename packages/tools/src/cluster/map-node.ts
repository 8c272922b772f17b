import type { NodeSnapshot } from '@triad/core';
import type { KubeObject } from './kube-object';
import { conditions, list, record, stringMap, text } from './object-fields';

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

export function mapNode(object: KubeObject): NodeSnapshot {
  const status = record(object.status);
  const spec = record(object.spec);
  const all = conditions(status);
  const ready = all.find((condition) => condition.type === 'Ready');
  return {
    name: object.metadata?.name ?? '',
    ready: ready?.status === 'True',
    pressures: all.filter((c) => PRESSURES.includes(c.type) && c.status === 'True').map((c) => c.type),
    ...(ready ? { readyCondition: ready } : {}),
    unschedulable: spec.unschedulable === true,
    capacity: stringMap(status.capacity),
    allocatable: stringMap(status.allocatable),
    labels: stringMap(object.metadata?.labels),
    taints: list(spec.taints).map((raw) => {
      const taint = record(raw);
      const value = text(taint.value);
      return { key: text(taint.key) ?? '', ...(value ? { value } : {}), effect: text(taint.effect) ?? '' };
    }),
  };
}
