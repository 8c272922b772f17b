import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
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
    message: init.message,
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
