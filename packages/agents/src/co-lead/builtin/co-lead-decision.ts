import { BASELINE_CAPABILITIES } from '@triad/analyzers';
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

const names = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String(v).toUpperCase().replace(/^CAP_/, '')) : [];

/**
 * True when the item only takes privileges away, as a hardening fix does: privilege escalation forbidden, privileged
 * mode off, more capabilities dropped, or defaults added back beside a new `drop: [ALL]` of the same container. A
 * change made only of these applies a standard, not a decision about one workload, so it needs no ADR of its own.
 */
function onlyNarrows(item: ChangeItem, items: readonly ChangeItem[]): boolean {
  if (/(^|\.)(allowPrivilegeEscalation|privileged)$/.test(item.field)) {
    return item.op === 'remove' ? item.before === true || item.before === false : item.after === false;
  }
  if (/(^|\.)capabilities\.drop$/.test(item.field)) {
    const after = new Set(names(item.after));
    return item.op !== 'remove' && names(item.before).every((cap) => after.has(cap));
  }
  if (/(^|\.)capabilities\.add$/.test(item.field)) {
    if (item.op === 'remove') return true;
    const before = new Set(names(item.before));
    const added = names(item.after).filter((cap) => !before.has(cap));
    const dropField = item.field.replace(/add$/, 'drop');
    const dropsAllNow = items.some(
      (other) =>
        other.file === item.file &&
        other.field === dropField &&
        names(other.after).includes('ALL') &&
        !names(other.before).includes('ALL'),
    );
    // What the Baseline standard lets a container add are the runtime's defaults but NET_RAW: adding one of those back
    // beside a new drop of ALL leaves fewer than it had (NET_RAW back is a choice worth its record).
    return dropsAllNow && added.every((cap) => BASELINE_CAPABILITIES.has(cap));
  }
  return false;
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
  const privilege = items.find((item) => isPrivilegeChange(item) && !onlyNarrows(item, items));
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
