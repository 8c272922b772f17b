import { analyzeRepo } from '@triad/analyzers';
import { GuardrailConfig } from '@triad/core';
import { checkChange } from '@triad/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { maskedDiff } from '../git/masked-diff';
import { fixAndEncrypt } from './encrypt-fix';
import { ageKeygen, type TestIdentity } from './test-support/test-identity';

/**
 * A workload with thousands of literal env credentials, drafted the way the built-in Lead drafts it (fix, encrypt,
 * guardrails, masked diff). Each of these steps was quadratic in the number of credentials (a group copied per finding,
 * `yaml`'s pairwise duplicate-key check on the new Secret, a masking pass per value); this pins the result of one pass.
 * bench/draft/env-credentials.ts measures the time at 3,000 and 12,600.
 */
const N = 3000;
const NOW = new Date('2026-11-30T00:00:00Z');
const value = (i: number) => `pw-${i}-Xk9Lm2Qr`;

function repoFor(recipient: string): Map<string, string> {
  const env = Array.from(
    { length: N },
    (_, i) => `            - name: DB_PASSWORD_${i}\n              value: "${value(i)}"`,
  );
  return new Map([
    [
      '.sops.yaml',
      `creation_rules:\n  - path_regex: apps/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`,
    ],
    [
      'apps/app.yaml',
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          env:\n${env.join('\n')}\n`,
    ],
    [
      'clusters/apps.yaml',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n',
    ],
  ]);
}

let alice: TestIdentity;
beforeAll(async () => {
  alice = await ageKeygen();
});
afterAll(async () => {
  await alice?.remove();
});

describe(`a Deployment with ${N} literal env credentials`, () => {
  it('is drafted in one pass: every credential moved, encrypted, checked and masked', async () => {
    const files = repoFor(alice.recipient);
    const findings = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    expect(findings).toHaveLength(N);

    const outcome = await fixAndEncrypt(files, findings, NOW);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    expect(outcome.fixed).toHaveLength(N);
    const deployment = outcome.files.get('apps/app.yaml')!;
    expect(deployment.match(/secretKeyRef:/g)).toHaveLength(N);
    expect(deployment).not.toContain('Xk9Lm2Qr');
    const secret = outcome.files.get('apps/app-secret.sops.yaml')!;
    expect(secret).not.toContain('Xk9Lm2Qr');
    // Every value encrypted (encrypt-fix.int.test.ts decrypts a small one with the recipients' keys).
    const { stringData } = parse(secret) as { stringData: Record<string, string> };
    expect(Object.values(stringData).filter((v) => v.startsWith('ENC[AES256_GCM,data:'))).toHaveLength(N);

    const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
    // The size limit refuses a change this big, and no other rule does: no credential is left in clear.
    expect(checkChange(files, edits, GuardrailConfig.parse({})).refusals.map((r) => r.rule)).toEqual([
      'too-many-lines',
    ]);

    const diff = maskedDiff(edits);
    expect(diff).not.toContain('Xk9Lm2Qr');
    expect(diff).toContain(`REDACTED-${N}`);
  }, 120_000);
});
