import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { displayName, getPath } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { gpuEvidence } from '../workloads/gpu-evidence';
import { containerPath, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';

export const PRIVILEGED_CONTAINER = 'privileged-container';

/**
 * Containers and init containers with `securityContext.privileged: true`. Pod-level securityContext has no
 * `privileged` field in Kubernetes, so only the containers' own are read.
 */
export const privilegedContainer: Check = {
  id: PRIVILEGED_CONTAINER,
  description: 'A container runs privileged; fixable when it only needs a GPU device.',
  run({ documents }) {
    const findings: Finding[] = [];
    for (const target of documents.flatMap(workloadContainers)) {
      if (getPath(target.container, ['securityContext', 'privileged']) !== true) continue;
      const gpu = gpuEvidence(target);
      const what = `${target.list === 'initContainers' ? 'Init container' : 'Container'} ${target.name} of ${target.ref.kind} ${displayName(target.ref)}`;
      findings.push({
        id: findingId(PRIVILEGED_CONTAINER, target.ref, target.name),
        check: PRIVILEGED_CONTAINER,
        severity: 'high',
        category: 'security',
        resource: target.ref,
        file: target.document.file,
        line: lineOf(target.document, [...containerPath(target), 'securityContext', 'privileged']),
        message: gpu
          ? `${what} runs privileged, with every host device and capability, but only needs a GPU: ` +
            `request ${gpu.device} from the device plugin instead (${gpu.reasons[0]}).`
          : `${what} runs privileged, with every host device and capability; nothing shows which device it needs.`,
        fixable: gpu !== undefined,
        evidence: {
          container: target.name,
          containerList: target.list,
          ...(gpu ? { device: gpu.device, reason: gpu.reasons.join('; ') } : {}),
        },
      });
    }
    return findings;
  },
};
