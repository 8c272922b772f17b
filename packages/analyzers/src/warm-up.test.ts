import { describe, expect, it } from 'vitest';
import { analyzeRepo } from './analyze-repo';
import { WARM_UP_FILES, warmUpAnalyzers } from './warm-up';

describe('warmUpAnalyzers', () => {
  it('takes the checks through their paths: Flux placement, chart values, plain workloads and substitutions', () => {
    const findings = analyzeRepo(WARM_UP_FILES);
    expect(warmUpAnalyzers()).toBe(findings.length);
    expect(warmUpAnalyzers(1)).toBe(findings.length);
    expect(new Set(findings.map((finding) => finding.check))).toEqual(
      new Set([
        'host-namespace',
        'hardcoded-credential',
        'privileged-container',
        'dangerous-capabilities',
        'host-path-volume',
        'run-as-root-allowed',
        'emptydir-stateful-data',
        'flux-unresolved-substitution',
        'missing-resource-limits',
      ]),
    );
    // Placed through the Flux tree: the warm-up also runs the deployment graph.
    expect(findings.every((finding) => finding.deployedBy?.startsWith('flux-system/'))).toBe(true);
  });
});
