import type { Finding } from '@triad/core';
import { fixFluxDecryption } from './fix-flux-decryption';
import { fixPrivilegedContainer } from './fix-privileged-container';
import type { Fixer } from './fixer';

/** Every built-in fixer, one per check it can fix. */
export const FIXERS: readonly Fixer[] = [fixFluxDecryption, fixPrivilegedContainer];

export function fixerFor(check: string): Fixer | undefined {
  return FIXERS.find((fixer) => fixer.check === check);
}

/** Findings a fixer handles in one edit share this key: same check, same file, same object. */
export function fixGroupKey(finding: Finding): string {
  const { kind, namespace, name } = finding.resource;
  return [finding.check, finding.file ?? '', kind, namespace ?? '', name].join('|');
}

/** Groups findings by `fixGroupKey`, keeping the order in which groups first appear. */
export function groupForFix(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = fixGroupKey(finding);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()];
}

/** Plain-words title of the change that would fix a group, or undefined when no fixer handles its check. */
export function fixTitle(group: readonly Finding[]): string | undefined {
  const check = group[0]?.check;
  return check === undefined ? undefined : fixerFor(check)?.title(group);
}
