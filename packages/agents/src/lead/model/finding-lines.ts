import type { Finding } from '@triad/core';

/** One line per finding, as the models see them: id first, so they can cite it. */
export function findingLines(findings: readonly Finding[]): string {
  if (findings.length === 0) return '(none)';
  return findings
    .map((finding) => {
      const where = [
        finding.resource.kind,
        [finding.resource.namespace, finding.resource.name].filter(Boolean).join('/'),
      ];
      const file = finding.file ? ` in ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
      return `- ${finding.id} [${finding.severity}, ${finding.category}] ${where.join(' ')}${file}: ${finding.message}`;
    })
    .join('\n');
}
