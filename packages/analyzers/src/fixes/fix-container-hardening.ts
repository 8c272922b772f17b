import type { AdrDraft, RepoFiles } from '@triad/core';
import { CAPABILITIES_NOT_DROPPED } from '../checks/capabilities-not-dropped';
import { PRIVILEGE_ESCALATION_ALLOWED } from '../checks/privilege-escalation-allowed';
import { RUN_AS_ROOT_ALLOWED } from '../checks/run-as-root-allowed';
import { displayName } from '../parse/k8s-object';
import { documentPath, dropAllCapabilities, evidencePath } from './finding-paths';
import { fixTarget } from './fix-target';
import type { Fixer } from './fixer';
import { setPath } from './set-path';

/**
 * The title of the decision every hardening fix applies. It is one decision for the repository, recorded once: the
 * first fix writes it, later fixes cite it (a session's parallel drafts that all carry it land it once, see
 * `adrRecordedAt`).
 */
export const HARDENING_ADR_TITLE = 'Containers drop the privileges they do not use';

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
  fix(group, { editor, context }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first, doc } = target;
    const done: string[] = [];
    for (const finding of group) {
      const written = evidencePath(finding, 'containerPath');
      const container = written && documentPath(doc, written);
      const podSpec = evidencePath(finding, 'podSpecPath');
      if (!container || !podSpec || !doc.hasIn(container))
        return { unfixable: `${finding.id} no longer points at a container` };
      const name = String(finding.evidence?.container ?? '?');
      if (finding.check === PRIVILEGE_ESCALATION_ALLOWED) {
        setPath(doc, [...container, 'securityContext', 'allowPrivilegeEscalation'], false);
        done.push(`${name}: allowPrivilegeEscalation: false`);
      } else if (finding.check === CAPABILITIES_NOT_DROPPED) {
        const addedBack = dropAllCapabilities(doc, container);
        const added = finding.evidence?.added;
        done.push(
          `${name}: drop ALL capabilities${Array.isArray(added) && added.length ? ` (keeping ${added.join(', ')})` : ''}` +
            (addedBack.length ? ` and add back ${addedBack.join(', ')}, which its image needs to start` : ''),
        );
      } else {
        const at =
          finding.evidence?.level === 'pod'
            ? documentPath(doc, evidencePath(finding, 'securityContextPath') ?? [...podSpec, 'securityContext'])
            : [...container, 'securityContext'];
        setPath(doc, [...at, 'runAsNonRoot'], true);
        done.push(
          `${finding.evidence?.level === 'pod' ? 'pod' : name}: runAsNonRoot: true (it runs as UID ${finding.evidence?.runAsUser})`,
        );
      }
    }
    const workload = `${first.resource.kind} ${displayName(first.resource)}`;
    const recorded = recordedDecision(context.files, HARDENING_ADR_TITLE);
    return {
      ...(recorded ? {} : { adr: adrFor(workload, done) }),
      subject: `fix(security): harden the securityContext of ${workload}`,
      body:
        `${workload} gave its containers privileges the Restricted Pod Security Standard forbids. Set ${done.join('; ')}. ` +
        'Capabilities are dropped only where the container cannot run as root (a process that is not root uses none of ' +
        "the runtime's default capabilities); forbidding escalation stops only setuid binaries and file capabilities (sudo, " +
        'a ping that is not root), which a service should not need.' +
        (recorded ? ` The decision is recorded in ${recorded}.` : ''),
      title: fixContainerHardening.title(group),
      fixed: group.map((f) => f.id),
    };
  },
};

function adrFor(workload: string, done: readonly string[]): AdrDraft {
  return {
    title: HARDENING_ADR_TITLE,
    context:
      'Containers ran with more privileges than they use: the runtime default capabilities (NET_RAW, CHOWN, SETUID…) ' +
      'and privilege escalation through setuid binaries, which a compromised workload could use. ' +
      `${workload} is the first to change: ${done.join('; ')}.`,
    decision:
      'Every container forbids privilege escalation, unless its manifest says true (its owner decides). One that ' +
      'cannot run as root (a non-zero runAsUser, runAsNonRoot) also drops every capability and adds back only those ' +
      'it names, and requires a non-root user where its pod already runs as one. One that may run as root keeps its ' +
      'capabilities until a person who knows its entrypoint drops them. Later changes that apply this to other ' +
      'workloads cite this record instead of writing their own.',
    consequences:
      'A non-root container never held the capabilities it drops, so nothing it does changes. Forbidding escalation ' +
      'stops a setuid helper (sudo, su from a non-root user) and the file capabilities of a binary: a container that ' +
      'used one fails at that call (an EPERM in its logs), and the setting is reversed for it by name, with the ' +
      'reason. New capabilities are now a visible, reviewed change.',
    alternatives: [
      'Keep the runtime defaults: nothing to check, but every container keeps capabilities it never uses.',
      'Enforce the Restricted standard on the namespace (pod-security.kubernetes.io/enforce): stronger, but blocks any pod that is not yet compliant.',
    ],
  };
}

/**
 * The Markdown file that already records the decision titled `title` (`# 0007. <title>`, as Triad renders ADRs), if
 * the repository has one.
 */
function recordedDecision(files: RepoFiles, title: string): string | undefined {
  const heading = `. ${title}`;
  for (const [path, text] of files) {
    if (!path.toLowerCase().endsWith('.md') || !text.includes(heading)) continue;
    if (text.split('\n').some((line) => /^#\s+\d+\.\s/.test(line) && line.trimEnd().endsWith(heading))) return path;
  }
  return undefined;
}
