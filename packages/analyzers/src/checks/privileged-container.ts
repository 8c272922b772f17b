import { getPath } from '../parse/k8s-object';
import { gpuEvidence, otherHostDevices } from '../workloads/gpu-evidence';
import { describeContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';
import { containerFinding } from './container-finding';

export const PRIVILEGED_CONTAINER = 'privileged-container';

/**
 * Containers and init containers with `securityContext.privileged: true` (Baseline). Pod-level securityContext has no
 * `privileged` field in Kubernetes, so only the containers' own are read. Fixable when the container only needs a GPU.
 */
export const privilegedContainer: Check = {
  id: PRIVILEGED_CONTAINER,
  description: 'A container runs privileged; fixable when it only needs a GPU device.',
  run({ documents }) {
    return documents.flatMap(workloadContainers).flatMap((target) => {
      if (getPath(target.container, ['securityContext', 'privileged']) !== true) return [];
      const gpu = gpuEvidence(target);
      const devices = otherHostDevices(target);
      const what = describeContainer(target);
      return [
        containerFinding(PRIVILEGED_CONTAINER, target, {
          severity: 'high',
          field: ['securityContext', 'privileged'],
          message: gpu
            ? `${what} runs privileged, with every host device and capability, but only needs a GPU: ` +
              `request ${gpu.device} from the device plugin instead (${gpu.reasons[0]}).`
            : devices.length > 0
              ? `${what} runs privileged, with every host device and capability; it mounts ${devices.join(', ')} from the host, which a person must map to the devices it needs.`
              : `${what} runs privileged, with every host device and capability; nothing shows which device it needs.`,
          fixable: gpu !== undefined && (target.source === 'manifest' || target.chart !== undefined),
          evidence: gpu ? { device: gpu.device, reason: gpu.reasons.join('; ') } : {},
        }),
      ];
    });
  },
};
