import type { AdrDraft } from '@triad/core';
import { CAPABILITIES_NOT_DROPPED } from '../checks/capabilities-not-dropped';
import { PRIVILEGE_ESCALATION_ALLOWED } from '../checks/privilege-escalation-allowed';
import { RUN_AS_ROOT_ALLOWED } from '../checks/run-as-root-allowed';
import { displayName } from '../parse/k8s-object';
import { dropAllCapabilities, evidencePath } from './finding-paths';
import { fixTarget } from './fix-target';
import type { Fixer } from './fixer';

/**
 * The Restricted-standard settings that change nothing a working container does: `allowPrivilegeEscalation: false`,
 * `capabilities.drop: [ALL]` (added capabilities stay), and `runAsNonRoot: true` where a non-zero UID is already set.
 */
export const fixContainerHardening: Fixer = {
  checks: [PRIVILEGE_ESCALATION_ALLOWED, CAPABILITIES_NOT_DROPPED, RUN_AS_ROOT_ALLOWED],
  title: (group) => {
    const first = group[0];
    return first
      ? `Harden the securityContext of ${first.resource.kind} ${displayName(first.resource)}`
      : 'Harden securityContext';
  },
  fix(group, { editor }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first, doc } = target;
    const done: string[] = [];
    for (const finding of group) {
      const container = evidencePath(finding, 'containerPath');
      const podSpec = evidencePath(finding, 'podSpecPath');
      if (!container || !podSpec || !doc.hasIn(container))
        return { unfixable: `${finding.id} no longer points at a container` };
      const name = String(finding.evidence?.container ?? '?');
      if (finding.check === PRIVILEGE_ESCALATION_ALLOWED) {
        doc.setIn([...container, 'securityContext', 'allowPrivilegeEscalation'], false);
        done.push(`${name}: allowPrivilegeEscalation: false`);
      } else if (finding.check === CAPABILITIES_NOT_DROPPED) {
        const addedBack = dropAllCapabilities(doc, container);
        const added = finding.evidence?.added;
        done.push(
          `${name}: drop ALL capabilities${Array.isArray(added) && added.length ? ` (keeping ${added.join(', ')})` : ''}` +
            (addedBack.length ? ` and add back ${addedBack.join(', ')}, which its image needs to start` : ''),
        );
      } else {
        const at = finding.evidence?.level === 'pod' ? podSpec : container;
        doc.setIn([...at, 'securityContext', 'runAsNonRoot'], true);
        done.push(
          `${finding.evidence?.level === 'pod' ? 'pod' : name}: runAsNonRoot: true (it runs as UID ${finding.evidence?.runAsUser})`,
        );
      }
    }
    const workload = `${first.resource.kind} ${displayName(first.resource)}`;
    return {
      adr: adrFor(workload, done),
      subject: `fix(security): harden the securityContext of ${workload}`,
      body:
        `${workload} fell short of the Restricted Pod Security Standard. Set ${done.join('; ')}. ` +
        'None of these changes what a working container does: it only takes away privileges it does not use.',
      title: fixContainerHardening.title(group),
      fixed: group.map((f) => f.id),
    };
  },
};

function adrFor(workload: string, done: readonly string[]): AdrDraft {
  return {
    title: `Run ${workload} with the Restricted Pod Security Standard's container settings`,
    context:
      `${workload} ran with more privileges than it uses: ${done.join('; ')} were missing. A compromise of the ` +
      'workload could use them (setuid binaries, the runtime default capabilities such as NET_RAW and CHOWN).',
    decision:
      'Forbid privilege escalation, drop every capability and add back only those the workload names, and require a ' +
      'non-root user where the pod already runs as one.',
    consequences:
      'Nothing the workload does today changes, unless it relied on a capability nobody listed: it then fails at the ' +
      'call that needs it (an EPERM in its logs), and the capability is added back by name with the reason. New ' +
      'capabilities are now a visible, reviewed change.',
    alternatives: [
      'Keep the runtime defaults: nothing to check, but every container keeps capabilities it never uses.',
      'Enforce the Restricted standard on the namespace (pod-security.kubernetes.io/enforce): stronger, but blocks any pod that is not yet compliant.',
    ],
  };
}
