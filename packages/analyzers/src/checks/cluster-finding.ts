import type { Finding, ResourceRef } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { locateInRepo } from '../cluster/repo-location';
import { findingId } from '../finding-id';
import { asRecord, resourceRefOf } from '../parse/k8s-object';

/** What a check of cluster state says about one live object. */
export interface ClusterFindingInit {
  severity: Finding['severity'];
  category: Finding['category'];
  message: string;
  /** Suffix of the id (e.g. the container), when one object can have several findings of a check. */
  detail?: string;
  evidence?: Record<string, unknown>;
}

/**
 * A finding on a live object, placed on the repo object it comes from (a pod's Deployment, with file and line) so
 * that the same problem keeps its id across pod restarts. Never fixable: the repo shows no cause.
 */
export function clusterFinding(
  check: string,
  context: AnalysisContext,
  object: unknown,
  kind: string,
  init: ClusterFindingInit,
): Finding | undefined {
  const live = liveRef(object, kind);
  if (!live) return undefined;
  const { kind: _k, ...rest } = live;
  const where = locateInRepo(context, object, live);
  const resource: ResourceRef = where.ref;
  return {
    id: findingId(check, resource, init.detail),
    check,
    severity: init.severity,
    category: init.category,
    resource,
    ...(where.file ? { file: where.file } : {}),
    ...(where.line ? { line: where.line } : {}),
    message: init.message,
    fixable: false,
    evidence: { live: { kind: live.kind, ...rest }, ...init.evidence },
  };
}

/** The ref of a live object; list responses of the API leave `kind` out of their items, so the caller names it. */
export function liveRef(object: unknown, kind: string): ResourceRef | undefined {
  const record = asRecord(object);
  return resourceRefOf(record && record.kind === undefined ? { ...record, kind } : object);
}
