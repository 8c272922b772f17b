import { analyzeRepo } from '@triad/analyzers';
import { fluxKustomization, repo } from '@triad/analyzers/test-support';
import { describe, expect, it } from 'vitest';
import { planFixes } from './plan-fixes';

/** A Deployment whose container needs hardening; `extra` goes into its container. */
const deployment = (name: string, extra = '') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, namespace: tools}`,
    'spec:',
    '  template:',
    '    spec:',
    '      securityContext: {runAsUser: 1000, runAsNonRoot: true}',
    '      containers:',
    `        - {name: ${name}, image: example.org/${name}:1, resources: {limits: {memory: 64Mi}}${extra}}`,
    '',
  ].join('\n');

describe('planFixes', () => {
  it('changes the deployed object, not an archived copy that has its id', async () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'resources: [snapshot.yaml]\n',
      'apps/snapshot.yaml': deployment('snapshot'),
      'archive/snapshot.yaml': deployment('snapshot'),
    });
    const findings = analyzeRepo(files).filter((f) => f.notDeployed === undefined);
    expect(findings.map((f) => f.file)).toContain('apps/snapshot.yaml');
    const plan = await planFixes(files, findings);
    expect([...plan.changed.keys()]).toEqual(['apps/snapshot.yaml']);
  });

  it('names each finding of a file it could not fix beside those it fixed there, with the reason', async () => {
    // One file: a container to harden, and a plain-text Secret that cannot be encrypted where it is.
    const secret =
      'apiVersion: v1\nkind: Secret\nmetadata: {name: store, namespace: tools}\nstringData:\n  password: Xq7-rain-Harbor-42\n';
    const files = repo({
      '.sops.yaml':
        'creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n',
      'apps/a.yaml': `${deployment('alpha')}---\n${secret}`,
    });
    const findings = analyzeRepo(files).filter((f) => f.fixable);
    const plaintext = findings.find((f) => f.check === 'plaintext-secret');
    expect(plaintext).toBeDefined();
    const plan = await planFixes(files, findings);
    expect(plan.fixes.flatMap((fix) => fix.fixed).some((id) => id.includes('/alpha/'))).toBe(true);
    expect(plan.unfixed).toEqual([
      {
        id: plaintext?.id,
        reason: expect.stringMatching(/holds other objects besides the Secret: move it to its own file/),
      },
    ]);
  });

  it('says the id of a finding it could not fix once, not again at the head of the reason', async () => {
    // The Secret the credential fix would write exists already: the whole change is refused.
    const files = repo({
      '.sops.yaml': 'creation_rules:\n  - age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n',
      'apps/alpha.yaml': deployment('alpha', ', env: [{name: DB_PASSWORD, value: Xq7-rain-Harbor-42}]'),
      'apps/alpha-secret.sops.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: taken, namespace: tools}\n',
    });
    const findings = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    expect(findings).toHaveLength(1);
    const plan = await planFixes(files, findings);
    expect(plan.unfixed).toEqual([{ id: findings[0]!.id, reason: 'apps/alpha-secret.sops.yaml already exists' }]);
  });
});
