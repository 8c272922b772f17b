import type { Finding } from '@triad/core';
import { knownChartOf } from '../charts/chart-of';
import { displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { gpuEvidence, otherHostDevices } from '../workloads/gpu-evidence';
import { describeContainer, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
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
    return [...documents.flatMap(chartSwitchFindings), ...documents.flatMap(containerFindings)];
  },
};

/** A known chart's own switch (`kubeletPlugin.privileged: true`) that runs one of its containers privileged. */
function chartSwitchFindings(document: ManifestDocument): Finding[] {
  const known = knownChartOf(document);
  const ref = resourceRefOf(document.object);
  if (!known || !ref) return [];
  return (known.chart.privilegedSwitches ?? []).flatMap((option) => {
    if (getPath(known.values, option.path) !== true) return [];
    const target: WorkloadContainer = {
      ...{ ref, document, source: 'helm-values', podSpecPath: ['spec', 'values'], podSpec: {} },
      ...{ podSecurityContext: undefined, podSecurityContextPath: ['spec', 'values', 'podSecurityContext'] },
      ...{ list: 'containers', index: option.component, name: option.component },
      ...{ container: {}, path: ['spec', 'values', ...option.path.slice(0, -1)] },
    };
    const key = option.path.join('.');
    return [
      containerFinding(PRIVILEGED_CONTAINER, target, {
        severity: option.expected ? 'medium' : 'high',
        field: option.path.slice(-1),
        message:
          `The ${known.name} chart runs ${option.component} of HelmRelease ${displayName(ref)} privileged ` +
          `(${key}: true), with every host device and capability` +
          (option.expected
            ? `; expected for ${option.expected}: keep it in a namespace that allows privileged pods and nothing else there.`
            : '.'),
        fixable: false,
        evidence: { chart: known.name, switch: key },
      }),
    ];
  });
}

function containerFindings(document: ManifestDocument): Finding[] {
  return workloadContainers(document).flatMap((target) => {
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
}
