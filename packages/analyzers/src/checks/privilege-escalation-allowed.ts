import { getPath } from '../parse/k8s-object';
import { isWindowsPod } from '../security/security-context';
import { familyNeedsOf } from '../workloads/image-families';
import { sccDefaults } from '../workloads/openshift-scc';
import { describeContainer, workloadContainers } from '../workloads/workload-containers';
import { type Check, wholeObjects } from './check';
import { containerFinding } from './container-finding';

export const PRIVILEGE_ESCALATION_ALLOWED = 'privilege-escalation-allowed';

/**
 * Restricted standard: `allowPrivilegeEscalation` must be `false` on every container and init container (it is a
 * container-only field; unset means allowed). Privileged containers are left to `privileged-container`, whose fix
 * sets it. Helm values are judged only when they set it to `true`. On OpenShift, an unset value is false when every SCC
 * the pod's service account may use forbids escalation (`restricted-v2`, with no grant); `true` is still reported.
 */
export const privilegeEscalationAllowed: Check = {
  id: PRIVILEGE_ESCALATION_ALLOWED,
  description:
    'A container may gain more privileges than its parent process (setuid binaries): allowPrivilegeEscalation is not false.',
  run(context) {
    return wholeObjects(context)
      .flatMap(workloadContainers)
      .flatMap((target) => {
        const written = getPath(target.container, ['securityContext', 'allowPrivilegeEscalation']);
        // A chart writes a value out as text: `"true"` in the values renders `true` in the manifest.
        const value =
          target.source === 'helm-values' && (written === 'true' || written === 'false') ? written === 'true' : written;
        if (value === false || isWindowsPod(target)) return [];
        if (getPath(target.container, ['securityContext', 'privileged']) === true) return [];
        if (target.source === 'helm-values' && !target.chart?.rendersOnlyValues && value !== true) return [];
        const explicit = value === true;
        if (!explicit && sccDefaults(context, target).noEscalation) return [];
        // An image whose binary needs its file capabilities, or whose start goes through sudo, stops working under
        // no_new_privs: left to a person.
        const family = familyNeedsOf(target.container);
        const needsFileCaps = family?.fileCapabilities === true;
        const escalates = family?.escalatesAtStart === true;
        return [
          containerFinding(PRIVILEGE_ESCALATION_ALLOWED, target, {
            severity: explicit ? 'medium' : 'low',
            field: ['securityContext', 'allowPrivilegeEscalation'],
            message:
              `${describeContainer(target)} ${explicit ? 'sets allowPrivilegeEscalation: true' : 'does not set allowPrivilegeEscalation: false'}: ` +
              'a process in it can gain privileges its parent does not have (setuid binaries, file capabilities); ' +
              'the Restricted Pod Security Standard requires false.' +
              (needsFileCaps
                ? ` Triad leaves this one to a person: ${family?.name} needs its file capabilities, since ${family?.reason}; give it an unprivileged port first.`
                : escalates
                  ? ` Triad leaves this one to a person: ${family?.name} cannot start with it false, since ${family?.reason}; set it to false once the container starts without sudo.`
                  : explicit
                    ? ' Triad leaves this one to a person: true is written out, which reads as a choice; set it to false once nothing in the container needs sudo or a setuid helper.'
                    : ''),
            // An owner's written `true` (often beside a comment or an added capability) is theirs to reverse.
            fixable:
              !needsFileCaps && !escalates && !explicit && (target.source === 'manifest' || target.chart !== undefined),
          }),
        ];
      });
  },
};
