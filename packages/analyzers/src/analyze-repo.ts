import { compareSeverity, type Finding, type RepoFiles } from '@triad/core';
import { buildAnalysisContext } from './analysis-context';
import type { Check } from './checks/check';
import { CHECKS } from './checks/registry';
import type { ClusterObjects } from './cluster/cluster-objects';
import { compareText } from './compare-text';
import { placeFindings } from './flux/finding-placement';

/** What to run an analysis with besides the files. */
export interface AnalyzeOptions {
  /** The checks to run; every built-in check by default. */
  checks?: readonly Check[];
  /** The live cluster; without it, checks of cluster state report nothing. */
  cluster?: ClusterObjects;
  /** Paths the repository has that were not read (see `AnalysisContext.unreadable`). */
  unreadable?: readonly string[];
}

/** Findings of a repo at one revision (and of its cluster): parse errors plus every check's, severity first, then file and line. */
export function analyzeRepo(files: RepoFiles, options: AnalyzeOptions | readonly Check[] = {}): Finding[] {
  const {
    checks = CHECKS,
    cluster,
    unreadable = [],
  } = Array.isArray(options) ? { checks: options as readonly Check[] } : (options as AnalyzeOptions);
  const { context, parseFindings } = buildAnalysisContext(files, cluster, new Set(unreadable));
  const findings = [...parseFindings, ...checks.flatMap((check) => check.run(context))];
  return sortFindings(placeFindings(firstOfEach(findings), context.flux.deployment));
}

/**
 * One finding per id and place: a Flux Kustomization that several clusters build, each patching it in its own way, is
 * judged once per variant, and the variants that share a problem report it once, at the line of their one document.
 * Findings of one id at different lines (two pods of one chart) are two findings and stay.
 */
function firstOfEach(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.id}\u0000${finding.file ?? ''}\u0000${finding.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
