import { type Finding, placedWithoutFlux, SEVERITIES } from '@triad/core';
import { table } from '../format';

/** What was scanned, and how much of it to show. */
export interface ScanScope {
  files: number;
  cluster?: string;
  /** Also list the `info` findings on objects nothing deploys (hidden by default, counted in the last line). */
  all?: boolean;
}

/** An `info` finding on an object no Flux Kustomization deploys: the table hides it unless `--all`. */
export function hiddenByDefault(finding: Finding): boolean {
  return finding.severity === 'info' && finding.notDeployed !== undefined;
}

/**
 * Findings grouped by severity, worst first, like `k8sgpt analyze`: a header per severity with its count, a table of
 * check, object, place and whether a built-in fix exists, each row followed by its message.
 */
export function renderFindings(all: readonly Finding[], scanned: ScanScope): string {
  const where = `${scanned.files} YAML files${scanned.cluster ? ` and cluster ${scanned.cluster}` : ''}`;
  const findings = scanned.all ? all : all.filter((f) => !hiddenByDefault(f));
  const hidden = all.length - findings.length;
  const hiddenNote = hidden > 0 ? ` ${hidden} more on objects nothing deploys (--all lists them).` : '';
  if (findings.length === 0) return `No findings in ${where}.${hiddenNote}`;
  const sections: string[] = [];
  for (const severity of [...SEVERITIES].reverse()) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    const rows = group.map((f, i) => [
      String(i + 1),
      f.check,
      `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`,
      f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(cluster)',
      f.fixable ? 'yes' : '-',
    ]);
    const lines = table(['#', 'CHECK', 'OBJECT', 'WHERE', 'FIX'], rows).split('\n');
    const body = [lines[0], ...group.flatMap((f, i) => [lines[i + 1], `    ${f.message}`, ...placement(f)])];
    sections.push([`${severity.toUpperCase()} (${group.length})`, ...body.map((l) => `  ${l}`)].join('\n'));
  }
  const fixable = findings.filter((f) => f.fixable).length;
  // Without a Flux Kustomization nothing says what is deployed: every file counts, bootstrap leftovers included.
  const unplaced = placedWithoutFlux(all);
  sections.push(
    `${findings.length} findings in ${where}; ${fixable} with a built-in fix (a Triad session can apply them).${hiddenNote}` +
      (unplaced
        ? '\nNo Flux Kustomization of this repository was found, so every object is taken as deployed: point triad scan at the root of a Flux repository.'
        : ''),
  );
  return sections.join('\n\n');
}

/** The Flux Kustomization that deploys the object, when the repo has Flux (the reason it is not deployed is in the message). */
function placement(f: Finding): string[] {
  return f.deployedBy ? [`    deployed by Flux Kustomization ${f.deployedBy}`] : [];
}
