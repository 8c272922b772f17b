import { type Finding, SEVERITIES } from '@triad/core';
import { table } from '../format';

/**
 * Findings grouped by severity, worst first, like `k8sgpt analyze`: a header per severity with its count, a table of
 * check, object, place and whether a built-in fix exists, each row followed by its message.
 */
export function renderFindings(findings: readonly Finding[], scanned: { files: number; cluster?: string }): string {
  const where = `${scanned.files} YAML files${scanned.cluster ? ` and cluster ${scanned.cluster}` : ''}`;
  if (findings.length === 0) return `No findings in ${where}.`;
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
    const body = [lines[0], ...group.flatMap((f, i) => [lines[i + 1], `    ${f.message}`])];
    sections.push([`${severity.toUpperCase()} (${group.length})`, ...body.map((l) => `  ${l}`)].join('\n'));
  }
  const fixable = findings.filter((f) => f.fixable).length;
  sections.push(
    `${findings.length} findings in ${where}; ${fixable} with a built-in fix (a Triad session can apply them).`,
  );
  return sections.join('\n\n');
}
