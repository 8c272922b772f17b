import type { RiskAssessment } from '@triad/core';
import { type ChangeItem, isPlainObject, objectLabel } from '@triad/policy';

const DATA_KINDS = ['PersistentVolumeClaim', 'PersistentVolume', 'Namespace', 'CustomResourceDefinition'];
const SHOWN = 8;

/** Which objects and namespaces a change affects, in one line; a Flux Kustomization brings everything under its path. */
export function blastRadius(items: readonly ChangeItem[]): string {
  const objects = [...new Set(items.filter((i) => i.scope !== 'file').map((i) => objectLabel(i)))];
  if (objects.length === 0) {
    const files = [...new Set(items.map((i) => i.file))];
    return `No cluster objects: ${files.join(', ') || 'nothing'} only.`;
  }
  const namespaces = [...new Set(items.flatMap((i) => (i.scope !== 'file' && i.namespace ? [i.namespace] : [])))];
  const shown =
    objects.slice(0, SHOWN).join(', ') + (objects.length > SHOWN ? ` and ${objects.length - SHOWN} more` : '');
  const flux = [
    ...new Set(
      items
        .filter((i) => i.kind === 'Kustomization' && (i.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/'))
        .map((i) => objectLabel(i)),
    ),
  ];
  const scope =
    namespaces.length > 0 ? ` in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}` : '';
  const reconciled = flux.length > 0 ? `; plus every object that ${flux.join(', ')} reconciles` : '';
  return `${objects.length} object${objects.length > 1 ? 's' : ''}${scope}: ${shown}${reconciled}.`;
}

function losesData(item: ChangeItem): boolean {
  if (item.scope === 'object' && item.op === 'remove' && DATA_KINDS.includes(item.kind)) return true;
  if (item.field.includes('volumeClaimTemplates')) return true;
  const spec = isPlainObject(item.before) && isPlainObject(item.before.spec) ? item.before.spec : undefined;
  return item.scope === 'object' && item.op === 'remove' && item.kind === 'Kustomization' && spec?.prune === true;
}

/** `manual` when data is at stake (a revert cannot bring a deleted volume back), `revert` for Git-revertable manifests. */
export function reversibility(items: readonly ChangeItem[]): RiskAssessment['reversibility'] {
  return items.some(losesData) ? 'manual' : 'revert';
}
