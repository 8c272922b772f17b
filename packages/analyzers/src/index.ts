import type { Finding, RepoFiles } from '@triad/core';

/** Findings of a repo at one revision. Placeholder until the analyzers land. */
export function analyzeRepo(_files: RepoFiles): Finding[] {
  return [];
}
