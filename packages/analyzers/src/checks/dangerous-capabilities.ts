import { BASELINE_CAPABILITIES, capabilities, HOST_LEVEL_CAPABILITIES } from '../security/security-context';
import { describeContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';
import { containerFinding } from './container-finding';

export const DANGEROUS_CAPABILITIES = 'dangerous-capabilities';

/**
 * Baseline standard: a container may add only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
 * NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT. SYS_ADMIN, ALL and the like are critical.
 */
export const dangerousCapabilities: Check = {
  id: DANGEROUS_CAPABILITIES,
  description: 'A container adds capabilities beyond the Baseline Pod Security Standard (NET_ADMIN, SYS_ADMIN…).',
  run({ documents }) {
    return documents.flatMap(workloadContainers).flatMap((target) => {
      const beyond = capabilities(target, 'add').filter((cap) => !BASELINE_CAPABILITIES.has(cap));
      if (beyond.length === 0) return [];
      const hostLevel = beyond.filter((cap) => HOST_LEVEL_CAPABILITIES.has(cap));
      return [
        containerFinding(DANGEROUS_CAPABILITIES, target, {
          severity: hostLevel.length > 0 ? 'critical' : 'high',
          field: ['securityContext', 'capabilities', 'add'],
          message:
            `${describeContainer(target)} adds ${beyond.join(', ')}, beyond what the Baseline Pod Security Standard allows` +
            (hostLevel.length ? `; ${hostLevel.join(', ')} amounts to root on the node.` : '.') +
            ' Keep only what it needs and record why, or run it on a dedicated node.',
          fixable: false,
          evidence: { capabilities: beyond },
        }),
      ];
    });
  },
};
