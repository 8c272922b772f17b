import type { AdrDraft, Finding, ResourceRef } from '@triad/core';
import { type Document, isMap, isScalar } from 'yaml';
import type { AnalysisContext } from '../analysis-context';
import { chartEphemeralStores } from '../charts/chart-stores';
import { EMPTYDIR_STATEFUL_DATA } from '../checks/emptydir-stateful-data';
import { displayName, resourceRefOf } from '../parse/k8s-object';
import { claimSize, conventionalStorageClass } from '../workloads/storage-convention';
import { evidencePath } from './finding-paths';
import { fixTarget } from './fix-target';
import type { Fixer, FixPart } from './fixer';
import { setPath } from './set-path';

/**
 * Moves stateful data off emptyDir: a prometheus-operator `storageSpec` gets a `volumeClaimTemplate`; a single-replica
 * Deployment's or StatefulSet's volume becomes a PersistentVolumeClaim declared in the same file. The storage class
 * is the repo's most used one; the size is the emptyDir's `sizeLimit` (or the retention size plus headroom).
 * Records an ADR, since where data lives is a decision.
 */
export const fixEmptyDirStatefulData: Fixer = {
  checks: [EMPTYDIR_STATEFUL_DATA],
  title: (group) => {
    const first = group[0];
    return first
      ? `Keep the data of ${first.resource.kind} ${displayName(first.resource)} on a PersistentVolumeClaim`
      : 'Keep data on a PersistentVolumeClaim';
  },
  fix(group, { editor, context }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first, file, doc } = target;
    // The class the same object's other claims name (a release's Prometheus on block storage), else the repository's.
    const own = context.declaration(first.resource);
    const storageClass =
      (own ? conventionalStorageClass([own]) : undefined) ?? conventionalStorageClass(context.documents);
    const done: string[] = [];
    for (const finding of group) {
      const size = claimSize(finding.evidence?.sizeLimit, finding.evidence?.retentionSize);
      const spec = {
        ...(storageClass ? { storageClassName: storageClass } : {}),
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
      };
      if (finding.evidence?.via === 'chart-store') {
        const outcome = claimChartStore(finding, doc, context, size, storageClass);
        if (typeof outcome !== 'string') return outcome;
        done.push(outcome);
      } else if (finding.evidence?.via === 'storage-spec') {
        const values = evidencePath(finding, 'valuesPath');
        if (!values || !doc.hasIn([...values, 'storageSpec', 'emptyDir']))
          return { unfixable: `${finding.id}: storageSpec.emptyDir is gone` };
        dropTodoAbove(doc, values, 'storageSpec');
        doc.deleteIn([...values, 'storageSpec', 'emptyDir']);
        setPath(doc, [...values, 'storageSpec', 'volumeClaimTemplate'], doc.createNode({ spec }));
        done.push(`${String(finding.evidence?.component)} storage: a ${size} volumeClaimTemplate`);
      } else {
        const podSpec = evidencePath(finding, 'podSpecPath');
        const index = finding.evidence?.volumeIndex;
        const volume = String(finding.evidence?.volume ?? '');
        const at = [...(podSpec ?? []), 'volumes', Number(index)];
        if (!podSpec || typeof index !== 'number' || doc.getIn([...at, 'name']) !== volume)
          return { unfixable: `${finding.id}: volume ${volume} moved` };
        const claimName = `${first.resource.name}-${volume}`;
        doc.deleteIn([...at, 'emptyDir']);
        setPath(doc, [...at, 'persistentVolumeClaim'], doc.createNode({ claimName }));
        // Beside the workload, named as the workload's file names it: kustomize or Flux gives both the same namespace.
        const written = doc.getIn(['metadata', 'namespace']);
        const namespace = typeof written === 'string' ? written : undefined;
        editor.appendDocument(file, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: claimName, ...(namespace ? { namespace } : {}) },
          spec,
        });
        done.push(
          `volume ${volume} (${String(finding.evidence?.mountPath)}): PersistentVolumeClaim ${claimName} of ${size}`,
        );
      }
    }
    return part(group, done, storageClass);
  },
};

/** Moves a known chart's store onto a claim with the edit its declaration gives; says what it did. */
function claimChartStore(
  finding: Finding,
  doc: Document.Parsed,
  context: AnalysisContext,
  size: string,
  storageClass: string | undefined,
): string | { unfixable: string } {
  const valuesPath = evidencePath(finding, 'valuesPath');
  const document = context.documents.find(
    (d) => d.file === finding.file && sameRef(resourceRefOf(d.object), finding.resource),
  );
  const store =
    document && chartEphemeralStores(document).find((s) => s.documentPath.join('.') === valuesPath?.join('.'));
  if (!valuesPath || !store) return { unfixable: `${finding.id}: the chart values no longer keep it on emptyDir` };
  const { set, remove, beside = {} } = store.toClaim(size, storageClass);
  for (const key of remove) doc.deleteIn([...valuesPath, key]);
  for (const [key, value] of Object.entries(set)) {
    // A scalar changed in place keeps the comment written beside it (`enabled: false # for now`).
    const node = doc.getIn([...valuesPath, key], true);
    if (isScalar(node) && (typeof value !== 'object' || value === null)) node.value = value;
    else setPath(doc, [...valuesPath, key], doc.createNode(value));
  }
  const holder = valuesPath.slice(0, -1);
  const alsoSet = Object.entries(beside).filter(([key]) => !doc.hasIn([...holder, key]));
  for (const [key, value] of alsoSet) setPath(doc, [...holder, key], doc.createNode(value));
  const also = alsoSet.map(([key, value]) => `${key}: ${JSON.stringify(value).replace(/"/g, '')}`);
  return (
    `${store.name} (${store.mountPath}): a ${size} PersistentVolumeClaim through the ${store.chart} chart's values` +
    (also.length ? `, with ${also.join(', ')} so that an upgrade stops the old pod before the new one claims it` : '')
  );
}

function sameRef(a: ResourceRef | undefined, b: ResourceRef): boolean {
  return a !== undefined && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

function part(group: readonly Finding[], done: string[], storageClass: string | undefined): FixPart {
  const first = group[0]!;
  const workload = `${first.resource.kind} ${displayName(first.resource)}`;
  return {
    title: fixEmptyDirStatefulData.title(group),
    subject: `fix(storage): keep the data of ${workload} on a PersistentVolumeClaim`,
    body:
      `${workload} kept data that should outlive its pod on emptyDir, lost on every reschedule. Claim storage ` +
      `instead (${done.join('; ')})${storageClass ? `, on ${storageClass} like the repo's other claims` : ''}.`,
    adr: adrFor(workload, storageClass),
    fixed: group.map((f) => f.id),
  };
}

/** A `# TODO: … PVC …` comment above the key the fix settles goes with it. */
function dropTodoAbove(doc: Document.Parsed, mapPath: (string | number)[], key: string): void {
  const map = doc.getIn(mapPath, true);
  if (!isMap(map)) return;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const node = pair?.key as { commentBefore?: string | null } | undefined;
  if (!node?.commentBefore) return;
  node.commentBefore =
    node.commentBefore
      .split('\n')
      .filter((line) => !/TODO|FIXME/i.test(line))
      .join('\n') || null;
}

function adrFor(workload: string, storageClass: string | undefined): AdrDraft {
  return {
    title: `Keep the data of ${workload} on a PersistentVolumeClaim`,
    context:
      `${workload} kept its data on emptyDir: every reschedule, node drain or upgrade started it empty, and the ` +
      'history it had was gone with no way back.',
    decision:
      `Claim a PersistentVolume${storageClass ? ` of the ${storageClass} storage class, the one the repo's other claims use,` : ''} ` +
      "with ReadWriteOnce access, sized from the emptyDir's limit where it had one (10Gi where it had none).",
    consequences:
      'The data survives restarts and reschedules. On node-local storage (local-path, a hostPath provisioner) the pod is tied to the node that holds the ' +
      'volume, and the data needs its own backups. The size is a claim the storage must satisfy: watch usage and grow ' +
      'it when needed. Existing data on the emptyDir is not carried over.',
    alternatives: [
      'Keep emptyDir and accept losing the data on every reschedule.',
      'Ship the data to remote storage (remote write, object storage) and keep only a short local buffer.',
    ],
  };
}
