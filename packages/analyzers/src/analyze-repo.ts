import { compareSeverity, type Finding, isSealed, type RepoFiles } from '@triad/core';
import { buildAnalysisContext } from './analysis-context';
import type { Check } from './checks/check';
import { CHECKS } from './checks/registry';
import type { ClusterObjects } from './cluster/cluster-objects';
import { compareText } from './compare-text';
import { placeFindings } from './flux/finding-placement';
import { deepFreeze } from './parse/text-cache';

/** What to run an analysis with besides the files. */
export interface AnalyzeOptions {
  /** The checks to run; every built-in check by default. */
  checks?: readonly Check[];
  /** The live cluster; without it, checks of cluster state report nothing. */
  cluster?: ClusterObjects;
  /** Paths the repository has that were not read (see `AnalysisContext.unreadable`). */
  unreadable?: readonly string[];
}

/**
 * Findings of a repo at one revision (and of its cluster): parse errors plus every check's, severity first, then file
 * and line. A sealed file set (`sealRepoFiles`: a worker's tree of one revision, which its built-in drafts and reviews
 * share) analysed before with every check and nothing else is answered from memory: its findings are frozen, the list
 * is a copy.
 */
export function analyzeRepo(files: RepoFiles, options: AnalyzeOptions | readonly Check[] = {}): Finding[] {
  const {
    checks = CHECKS,
    cluster,
    unreadable = [],
  } = Array.isArray(options) ? { checks: options as readonly Check[] } : (options as AnalyzeOptions);
  const plain = checks === CHECKS && cluster === undefined && unreadable.length === 0 && isSealed(files);
  const known = plain ? analysed.get(files) : undefined;
  if (known) return [...known];
  const { context, parseFindings } = buildAnalysisContext(files, cluster, new Set(unreadable));
  const findings = [...parseFindings, ...checks.flatMap((check) => check.run(context))];
  const sorted = sortFindings(placeFindings(firstOfEach(findings), context.flux.deployment));
  if (!plain) return sorted;
  deepFreeze(sorted);
  analysed.set(files, sorted);
  return [...sorted];
}

/**
 * Findings of the sealed file sets analysed with every check, by set: a worker keeps one per revision, and the review
 * of each change asks for its base revision's findings again. Gone with the set.
 */
const analysed = new WeakMap<RepoFiles, readonly Finding[]>();

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
