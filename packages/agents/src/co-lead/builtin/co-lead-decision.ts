import type { Proposal } from '@triad/core';
import { type ChangeItem, describeChanges, objectLabel } from '@triad/policy';

const PRIVILEGE_FIELD = /(^|\.)(privileged|capabilities|allowPrivilegeEscalation)(\.|\[|$)/;
/** Extended resources are domain-qualified (`gpu.intel.com/i915`, `nvidia.com/gpu`): devices, not CPU or memory. */
const DEVICE_RESOURCE = /(^|\.)resources\.(limits|requests)\["[^"]*\/[^"]*"\]/;
const VOLUME_SOURCE = /(^|\.)volumes\[[^\]]+\]\.(emptyDir|persistentVolumeClaim)(\.|$)/;

function involves(item: ChangeItem, key: string): boolean {
  const value = item.op === 'add' ? item.after : item.before;
  return typeof value === 'object' && value !== null && key in value;
}

function isPrivilegeChange(item: ChangeItem): boolean {
  return PRIVILEGE_FIELD.test(item.field) || DEVICE_RESOURCE.test(item.field);
}

function isStorageChange(item: ChangeItem): boolean {
  if (item.field.includes('volumeClaimTemplates') || VOLUME_SOURCE.test(item.field)) return true;
  return (
    /(^|\.)volumes\[[^\]]+\]$/.test(item.field) &&
    (involves(item, 'emptyDir') || involves(item, 'persistentVolumeClaim'))
  );
}

/** Why the proposal is a decision worth an ADR, or undefined when it is a routine fix. */
export function adrReason(proposal: Pick<Proposal, 'edits' | 'adr'>): string | undefined {
  const items = describeChanges(proposal.edits);
  const privilege = items.find(isPrivilegeChange);
  if (privilege) {
    return `It changes the privilege model of ${objectLabel(privilege)} (${privilege.field}): record why the workload needs exactly this access.`;
  }
  const storage = items.find(isStorageChange);
  if (storage) {
    return `It changes how ${objectLabel(storage)} stores data (${storage.field}): record the storage decision and how to migrate.`;
  }
  if (proposal.adr || proposal.edits.some((e) => e.before === null && /(^|\/)docs\/(.+\/)?adr\//i.test(e.path))) {
    return 'The proposal carries an ADR: the drafter already treats it as a decision.';
  }
  return undefined;
}
