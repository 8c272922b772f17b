import { asRecord, getPath } from '../parse/k8s-object';

/** Prefixes of the extended resources GPU device plugins advertise. */
const GPU_RESOURCES = ['nvidia.com/gpu', 'gpu.intel.com/', 'amd.com/gpu'];

/** GPU extended resources a container requests, with the count (limits win over requests). */
export function gpuRequests(container: Record<string, unknown>): { resource: string; count: number }[] {
  const out = new Map<string, number>();
  for (const section of ['requests', 'limits']) {
    for (const [key, value] of Object.entries(asRecord(getPath(container, ['resources', section])) ?? {})) {
      if (GPU_RESOURCES.some((prefix) => key.startsWith(prefix))) out.set(key, Number(value) || 0);
    }
  }
  return [...out].filter(([, count]) => count > 0).map(([resource, count]) => ({ resource, count }));
}
