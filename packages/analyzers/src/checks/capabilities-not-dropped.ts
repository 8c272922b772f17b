import { getPath } from '../parse/k8s-object';
import {
  capabilities,
  effectiveSecurityField,
  isWindowsPod,
  runsAsNonRoot,
  uidWritten,
} from '../security/security-context';
import { familyNeedsOf } from '../workloads/image-families';
import { sccDefaults } from '../workloads/openshift-scc';
import { describeContainer, workloadContainers } from '../workloads/workload-containers';
import { type Check, wholeObjects } from './check';
import { containerFinding } from './container-finding';

export const CAPABILITIES_NOT_DROPPED = 'capabilities-not-dropped';

/**
 * Restricted standard: every container must drop ALL capabilities (and may add back only NET_BIND_SERVICE; what it
 * adds beyond Baseline is `dangerous-capabilities`). Read on manifests and on the values of known charts that render
 * no securityContext of their own (app-template): other charts' defaults are not visible.
 * A privileged container holds every capability whatever it drops: `privileged-container` reports it, once.
 * On OpenShift, a pod whose service account may use only SCCs that require dropping ALL (`restricted-v2`, which every
 * account has) gets ALL dropped at admission: only adding more than NET_BIND_SERVICE, which that refuses, is reported.
 */
export const capabilitiesNotDropped: Check = {
  id: CAPABILITIES_NOT_DROPPED,
  description: 'A container keeps the runtime default capabilities: capabilities.drop does not include ALL.',
  run(context) {
    return wholeObjects(context)
      .flatMap(workloadContainers)
      .flatMap((target) => {
        if (isWindowsPod(target) || (target.source !== 'manifest' && !target.chart?.rendersOnlyValues)) return [];
        if (capabilities(target, 'drop').includes('ALL')) return [];
        const added = capabilities(target, 'add');
        if (added.every((cap) => cap === 'NET_BIND_SERVICE') && sccDefaults(context, target).dropsAll) return [];
        // Privileged, it holds every capability whatever it drops: one cause, reported once, by privileged-container.
        if (getPath(target.container, ['securityContext', 'privileged']) === true) return [];
        const family = familyNeedsOf(target.container);
        const needs = family?.capabilities.filter((cap) => !added.includes(cap)) ?? [];
        // As a non-root user the runtime's defaults are never in effect, so dropping them changes nothing it does. As
        // root (or the image's user, which may be root) an entrypoint that chowns its volumes and drops to a user of
        // its own (s6-overlay, gosu, su-exec, nginx and Apache workers, php-fpm) uses them: that is for a person.
        const nonRoot = runsAsNonRoot(target) || family?.dropsAllAsRoot === true;
        // A start that gains root through a setuid helper (code-server's fixuid, then sudo) needs capabilities to
        // use as root: dropping ALL empties the set it would gain them from.
        const escalates = family?.escalatesAtStart === true;
        return [
          containerFinding(CAPABILITIES_NOT_DROPPED, target, {
            severity: added.length > 0 ? 'medium' : 'low',
            field: ['securityContext', 'capabilities'],
            message:
              `${describeContainer(target)} does not drop ALL capabilities, so it keeps the runtime's defaults ` +
              `(CHOWN, SETUID, NET_RAW…)${added.length ? ` on top of ${added.join(', ')}` : ''}: ` +
              `drop ALL and add back only what it needs (Restricted Pod Security Standard)` +
              (needs.length ? `: ${needs.join(', ')} for this image, since ${family?.reason}.` : '.') +
              (escalates
                ? ` Triad leaves this one to a person: ${family?.name} gains root at start through a setuid helper (${family?.reason}), and what it does as root needs capabilities; drop ALL once it starts without.`
                : nonRoot
                  ? ''
                  : uidWritten(effectiveSecurityField(target, 'runAsUser')) === 0
                    ? ' Triad leaves this one to a person: it runs as root (runAsUser: 0), and an image that starts as ' +
                      'root to chown its files and switch to a user of its own needs CHOWN, SETUID, SETGID… for that: ' +
                      'drop ALL and list what it uses under securityContext.capabilities.add.'
                    : ' Triad leaves this one to a person: it may run as root (no runAsUser says otherwise, and Triad ' +
                      "does not read the image's user), and an image that starts as root to chown its files and switch " +
                      'to a user of its own needs CHOWN, SETUID, SETGID… for that. If it runs as a non-root user, set ' +
                      'that runAsUser; if not, drop ALL and list what it uses under securityContext.capabilities.add.'),
            fixable: nonRoot && !escalates,
            evidence: { added, ...(needs.length ? { imageFamily: family?.id, needs } : {}) },
          }),
        ];
      });
  },
};
