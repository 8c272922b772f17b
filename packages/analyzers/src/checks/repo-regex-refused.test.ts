import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { fluxKustomization, repo } from '../test-support/repo';

const LONG_NAME = `${'a'.repeat(5000)}!`;
const files = repo({
  '.sops.yaml': 'creation_rules:\n  - path_regex: (a+)+$\n    age: age1x\n  - path_regex: "("\n    age: age1x\n',
  [`apps/${'a'.repeat(200)}!.yaml`]:
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: apps}\nstringData: {password: hunter2-horse}\n',
  'clusters/home/apps.yaml': fluxKustomization(
    'apps',
    './apps',
    'patches:\n  - patch: "metadata: {labels: {x: y}}"\n    target: {kind: ConfigMap, name: "(a+)+$"}\n  - patch: "metadata: {labels: {x: y}}"\n    target: {name: "(?<=a)b"}\n',
  ),
  'apps/config.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "${LONG_NAME}", namespace: apps}\ndata: {a: "1"}\n`,
});

describe('repo-regex-refused', () => {
  it('scans a repo with catastrophic and invalid regexes in bounded time, reporting the refused ones', () => {
    const started = performance.now();
    const findings = analyzeRepo(files);
    expect(performance.now() - started).toBeLessThan(5000);
    const refused = findings.filter((f) => f.check === 'repo-regex-refused');
    expect(refused.map((f) => [f.file, f.evidence?.field])).toEqual([
      ['.sops.yaml', 'path_regex #2'],
      ['clusters/home/apps.yaml', 'Kustomization apps spec.patches[1].target.name'],
    ]);
    // .sops.yaml is read by sops and Triad, not applied by Flux: its findings keep their severity.
    expect(refused[0]?.severity).toBe('medium');
    expect(refused[0]).not.toHaveProperty('notDeployed');
    expect(refused[0]?.message).toMatch(/^\.sops\.yaml path_regex #2 "\(" is refused: it is not a valid RE2/);
    // The rest of the scan goes on: the plaintext Secret is still found.
    expect(findings.find((f) => f.check === 'plaintext-secret')?.severity).toBe('critical');
  });
});
