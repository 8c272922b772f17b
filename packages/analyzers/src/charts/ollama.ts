import { asRecord, getPath } from '../parse/k8s-object';
import type { ChartDeclaration } from './chart-declaration';

const GPU_RESOURCE: Record<string, string> = { nvidia: 'nvidia.com/gpu', amd: 'amd.com/gpu' };

/**
 * The Ollama chart (otwld/ollama-helm): one container described at the top of the values (`image`,
 * `securityContext`, `resources`; pod options `nodeSelector`, `affinity`, `podSecurityContext` beside them);
 * `ollama.gpu.enabled` renders a GPU limit; models live in /root/.ollama, on emptyDir unless `persistentVolume.enabled`.
 */
export const ollama: ChartDeclaration = {
  names: ['ollama'],
  rendersOnlyValues: true,
  containers: [{ path: [], list: 'containers', podOptions: [[]] }],
  render(container, values) {
    const gpu = asRecord(getPath(values, ['ollama', 'gpu']));
    if (gpu?.enabled !== true) return container;
    const resource = GPU_RESOURCE[String(gpu.type ?? 'nvidia')] ?? 'nvidia.com/gpu';
    const resources = asRecord(container.resources) ?? {};
    const limits = { ...asRecord(resources.limits), [resource]: gpu.number ?? 1 };
    return { ...container, resources: { ...resources, limits } };
  },
  ephemeralStores(values) {
    if (getPath(values, ['persistentVolume', 'enabled']) === true) return [];
    return [
      {
        path: ['persistentVolume'],
        name: 'persistentVolume',
        mountPath: '/root/.ollama',
        holds: 'the downloaded models, pulled again (often tens of GB) after every reschedule',
        claimable: !(typeof values.replicaCount === 'number' && values.replicaCount > 1),
        severity: 'low',
        toClaim: (size, storageClass) => ({
          set: { enabled: true, size, accessModes: ['ReadWriteOnce'], ...(storageClass ? { storageClass } : {}) },
          remove: [],
        }),
      },
    ];
  },
};
