import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { displayName } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { podSettings } from '../workloads/pod-specs';
import type { Check } from './check';

export const HOST_NAMESPACE = 'host-namespace';

const NAMESPACES = [
  ['hostNetwork', 'network', 'sees and binds every interface of the node'],
  ['hostPID', 'pid', 'sees and can signal every process of the node'],
  ['hostIPC', 'ipc', "shares the node's shared memory and IPC"],
] as const;

/** Baseline standard: no hostNetwork, hostPID or hostIPC; one finding per namespace shared. */
export const hostNamespace: Check = {
  id: HOST_NAMESPACE,
  description: "A pod shares the node's network, PID or IPC namespace.",
  run({ documents }) {
    const findings: Finding[] = [];
    for (const site of documents.flatMap(podSettings)) {
      for (const [field, detail, effect] of NAMESPACES) {
        if (site.settings[field] !== true) continue;
        findings.push({
          id: findingId(HOST_NAMESPACE, site.ref, detail),
          check: HOST_NAMESPACE,
          severity: 'high',
          category: 'security',
          resource: site.ref,
          file: site.document.file,
          line: lineOf(site.document, [...site.path, field]),
          message:
            `${site.ref.kind} ${displayName(site.ref)} sets ${field}: true, so it ${effect} ` +
            '(Baseline Pod Security Standard): keep it only with a written reason, and pin it to the nodes that need it.',
          fixable: false,
          evidence: { field },
        });
      }
    }
    return findings;
  },
};
