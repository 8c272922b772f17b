import { compareSeverity, type Finding, type RepoFiles } from '@triad/core';
import { buildAnalysisContext } from './analysis-context';
import type { Check } from './checks/check';
import { CHECKS } from './checks/registry';
import { compareText } from './compare-text';

/** Findings of a repo at one revision: parse errors plus every check's, severity first, then file and line. */
export function analyzeRepo(files: RepoFiles, checks: readonly Check[] = CHECKS): Finding[] {
  const { context, parseFindings } = buildAnalysisContext(files);
  return sortFindings([...parseFindings, ...checks.flatMap((check) => check.run(context))]);
}

/** Severity descending, then file, line and id: the same repo always lists its findings in the same order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverity(b.severity, a.severity) ||
      compareText(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compareText(a.id, b.id),
  );
}
