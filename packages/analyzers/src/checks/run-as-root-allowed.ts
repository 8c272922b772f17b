import type { Finding } from '@triad/core';
import { effectiveSecurityField, isWindowsPod } from '../security/security-context';
import { imageFamily, imageReference } from '../workloads/image-families';
import { describeContainer, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';
import { containerFinding } from './container-finding';

export const RUN_AS_ROOT_ALLOWED = 'run-as-root-allowed';

/**
 * Restricted standard: `runAsNonRoot: true` (pod or container, the container's wins) and no `runAsUser: 0`.
 * `runAsUser: 0` is reported as high, contradictory settings included (the kubelet refuses to start such a container).
 * A non-zero `runAsUser` without `runAsNonRoot` is low and fixable (adding `runAsNonRoot: true` changes nothing at
 * run time); neither set is medium and left to a person, since the image's user is unknown.
 */
export const runAsRootAllowed: Check = {
  id: RUN_AS_ROOT_ALLOWED,
  description: 'A container runs, or may run, as root: runAsNonRoot is not true or runAsUser is 0.',
  run({ documents }) {
    return documents.flatMap(workloadContainers).flatMap((target) => {
      if (isWindowsPod(target)) return [];
      const finding = judge(target);
      return finding ? [finding] : [];
    });
  },
};

function judge(target: WorkloadContainer): Finding | undefined {
  const user = effectiveSecurityField(target, 'runAsUser');
  const nonRoot = effectiveSecurityField(target, 'runAsNonRoot');
  const what = describeContainer(target);
  const ownUser = (target.container.securityContext as Record<string, unknown> | undefined)?.runAsUser !== undefined;
  const field = ['securityContext', ownUser || user === undefined ? 'runAsUser' : 'runAsNonRoot'];
  if (user === 0) {
    return containerFinding(RUN_AS_ROOT_ALLOWED, target, {
      severity: 'high',
      field: ['securityContext', 'runAsUser'],
      message:
        nonRoot === true
          ? `${what} sets runAsUser: 0 and runAsNonRoot: true: the kubelet refuses to start it (CreateContainerConfigError). Set a non-zero runAsUser.`
          : `${what} runs as root (runAsUser: 0): set a non-zero runAsUser and runAsNonRoot: true.`,
      fixable: false,
      evidence: { runAsUser: 0 },
    });
  }
  if (nonRoot === true) return undefined;
  if (target.source === 'helm-values' && !target.chart?.rendersOnlyValues && nonRoot !== false) return undefined;
  const family = imageFamily(imageReference(target.container));
  if (typeof user === 'number' && user > 0 && nonRoot !== false) {
    return containerFinding(RUN_AS_ROOT_ALLOWED, target, {
      severity: 'low',
      field,
      message: `${what} runs as UID ${user} but does not set runAsNonRoot: true, so nothing stops an override to root (Restricted Pod Security Standard).`,
      fixable: target.source === 'manifest' || target.chart !== undefined,
      evidence: { runAsUser: user, level: ownUser ? 'container' : 'pod' },
    });
  }
  const rootInit = family !== undefined && family.capabilities.length > 0 && nonRoot !== false;
  return containerFinding(RUN_AS_ROOT_ALLOWED, target, {
    severity: rootInit ? 'low' : 'medium',
    field: ['securityContext', 'runAsNonRoot'],
    message:
      nonRoot === false
        ? `${what} sets runAsNonRoot: false: it may run as root. Run it as a non-root UID with runAsNonRoot: true.`
        : rootInit
          ? `${what} runs as root: ${family.name} images start their init as root and drop to PUID/PGID, so runAsNonRoot would stop it; an image that runs rootless would avoid it.`
          : `${what} sets neither runAsNonRoot: true nor a non-zero runAsUser, so it runs as the image's user, often root: pick a non-root UID the image supports.`,
    fixable: false,
  });
}
