import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { getPath } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import type { WorkloadContainer } from '../workloads/workload-containers';

/** What a container check says about one container. */
export interface ContainerFindingInit {
  severity: Finding['severity'];
  message: string;
  fixable: boolean;
  /** Field under the container the finding points at, for its line (e.g. `['securityContext', 'privileged']`). */
  field?: readonly string[];
  category?: Finding['category'];
  /** Extra evidence for the fixer; never secret values. */
  evidence?: Record<string, unknown>;
  /** Suffix of the id after the container name, when one container can have several findings of a check. */
  detail?: string;
}

/** A finding on one container: id `<check>/<kind>/<ns>/<name>/<container>`, line of the field, where it sits as evidence. */
export function containerFinding(check: string, target: WorkloadContainer, init: ContainerFindingInit): Finding {
  const field = init.field ?? [];
  let line = lineOf(target.document, [...target.path, ...field]);
  if (line === target.document.line && field.length > 1) line = lineOf(target.document, [...target.path, field[0]!]);
  if (line === target.document.line) line = lineOf(target.document, target.path);
  return {
    id: findingId(check, target.ref, init.detail ? `${target.name}/${init.detail}` : target.name),
    check,
    severity: init.severity,
    category: init.category ?? 'security',
    resource: target.ref,
    file: target.document.file,
    line,
    message: scaledToZero(target)
      ? `${init.message} (Its workload is scaled to 0 replicas: nothing runs it until it is scaled up.)`
      : init.message,
    fixable: init.fixable,
    evidence: {
      container: target.name,
      containerList: target.list,
      containerPath: [...target.path],
      podSpecPath: [...target.podSpecPath],
      source: target.source,
      ...init.evidence,
    },
  };
}

/**
 * Whether the container's workload is scaled to zero (`spec.replicas: 0`, or its app-template controller's
 * `replicas: 0`): what the finding says holds once it runs again, not now.
 */
function scaledToZero(target: WorkloadContainer): boolean {
  const object = target.document.object;
  if (target.source === 'manifest') {
    const kind = getPath(object, ['kind']);
    return (kind === 'Deployment' || kind === 'StatefulSet') && getPath(object, ['spec', 'replicas']) === 0;
  }
  const at = target.path.indexOf('controllers');
  return at >= 0 && getPath(object, [...target.path.slice(0, at + 2), 'replicas']) === 0;
}
