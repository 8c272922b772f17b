import type { Finding } from '@triad/core';
import { fixContainerHardening } from './fix-container-hardening';
import { fixEmptyDirStatefulData } from './fix-emptydir-stateful-data';
import { fixFluxDecryption } from './fix-flux-decryption';
import { fixFluxSubstitution } from './fix-flux-substitution';
import { fixHardcodedCredential } from './fix-hardcoded-credential';
import { fixPlaintextSecret } from './fix-plaintext-secret';
import { fixPrivilegedContainer } from './fix-privileged-container';
import type { Fixer } from './fixer';

/** Every built-in fixer; each check has at most one. */
export const FIXERS: readonly Fixer[] = [
  fixFluxDecryption,
  fixFluxSubstitution,
  fixPrivilegedContainer,
  fixContainerHardening,
  fixHardcodedCredential,
  fixPlaintextSecret,
  fixEmptyDirStatefulData,
];

export function fixerFor(check: string): Fixer | undefined {
  return FIXERS.find((fixer) => fixer.checks.includes(check));
}

/**
 * Findings fixed in one change share this key: the file that holds them (or the object, for findings with no file).
 * One change per file means two fixes never race on the same file's content.
 */
export function fixGroupKey(finding: Finding): string {
  if (finding.file) return `file|${finding.file}`;
  const { kind, namespace, name } = finding.resource;
  return ['object', kind, namespace ?? '', name].join('|');
}

/** Groups findings by `fixGroupKey`, keeping the order in which groups first appear. */
export function groupForFix(findings: readonly Finding[]): Finding[][] {
  return groupBy(findings, fixGroupKey);
}

/** Within a change, the findings one fixer handles on one object. */
export function groupByFixer(findings: readonly Finding[]): Finding[][] {
  return groupBy(findings, (f) => {
    const { kind, namespace, name } = f.resource;
    return [FIXERS.indexOf(fixerFor(f.check)!), f.file ?? '', kind, namespace ?? '', name].join('|');
  });
}

function groupBy(findings: readonly Finding[], key: (finding: Finding) => string): Finding[][] {
  const groups = new Map<string, Finding[]>();
  // Push, never copy: copying the group per finding made one workload's 12,600 credentials quadratic.
  for (const finding of findings) {
    const k = key(finding);
    const group = groups.get(k);
    if (group) group.push(finding);
    else groups.set(k, [finding]);
  }
  return [...groups.values()];
}

/** Plain-words title of the change that would fix a group, or undefined when no fixer handles any of its checks. */
export function fixTitle(group: readonly Finding[]): string | undefined {
  const titles = groupByFixer(group.filter((f) => fixerFor(f.check)))
    .map((sub) => fixerFor(sub[0]!.check)!.title(sub))
    .filter((title, i, all) => all.indexOf(title) === i);
  return titles.length ? titles.join('; ') : undefined;
}
