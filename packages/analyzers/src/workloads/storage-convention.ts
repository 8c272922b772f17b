import { compareText } from '../compare-text';
import { asRecord, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';

/** The storage class the repo's PersistentVolumeClaims and Helm values name most (ties: alphabetical), if any. */
export function conventionalStorageClass(documents: readonly ManifestDocument[]): string | undefined {
  const counts = new Map<string, number>();
  const count = (name: unknown) => {
    if (typeof name === 'string' && name !== '') counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    const record = asRecord(value);
    if (!record) return;
    count(record.storageClassName);
    count(record.storageClass);
    Object.values(record).forEach(visit);
  };
  for (const document of documents) {
    const kind = resourceRefOf(document.object)?.kind;
    if (kind === 'PersistentVolumeClaim' || kind === 'HelmRelease' || kind === 'StatefulSet') visit(document.object);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || compareText(a, b))[0]?.[0];
}

/** A claim size from an emptyDir `sizeLimit` or a Prometheus `retentionSize` (plus a fifth of headroom); 10Gi otherwise. */
export function claimSize(sizeLimit: unknown, retentionSize: unknown): string {
  if (typeof sizeLimit === 'string' && /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/.test(sizeLimit)) return sizeLimit;
  const retention = typeof retentionSize === 'string' ? /^(\d+(?:\.\d+)?)(KB|MB|GB|TB)$/i.exec(retentionSize) : null;
  if (retention) {
    const gib =
      Number(retention[1]) * { KB: 1 / 1024 ** 2, MB: 1 / 1024, GB: 1, TB: 1024 }[retention[2]!.toUpperCase() as 'GB'];
    return `${Math.max(1, Math.ceil(gib * 1.2))}Gi`;
  }
  return '10Gi';
}
