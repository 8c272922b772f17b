import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyzeRepo } from '../analyze-repo';
import { dedent, filesAfterFix, fluxKustomization, repo } from '../test-support/repo';
import { fixFindings } from './fix-findings';

const ALICE = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const SOPS_CONFIG = `
  creation_rules:
    - path_regex: apps/.*\\.sops\\.ya?ml
      encrypted_regex: ^(data|stringData)$
      age: ${ALICE}
`;

const deployment = dedent(`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: apps}
  spec:
    template:
      spec:
        containers:
          - name: web
            image: web:1
            env:
              - name: TZ
                value: UTC
              # FIXME: move to a secret
              - name: API_TOKEN
                value: "tok-9f8e7d6c5b4a3928"
`);

/** What these fixes must leave no trace of. */
function secretFindings(files: Map<string, string>) {
  const checks = ['hardcoded-credential', 'plaintext-secret', 'flux-sops-without-decryption'];
  return analyzeRepo(files).filter((f) => checks.includes(f.check));
}

function fixAll(files: Map<string, string>, check: string) {
  const findings = analyzeRepo(files).filter((f) => f.check === check);
  expect(findings.length).toBeGreaterThan(0);
  const outcome = fixFindings(files, findings);
  if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
  return { findings, outcome };
}

describe('hardcoded-credential with age recipients', () => {
  const files = repo({
    '.sops.yaml': SOPS_CONFIG,
    'apps/web/deployment.yaml': deployment,
    'apps/web/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'clusters/apps.yaml': fluxKustomization('apps', './apps'),
  });

  it('moves the value into a new <workload>-secret.sops.yaml for the encryptor, referenced, listed and decrypted', () => {
    const { outcome } = fixAll(files, 'hardcoded-credential');
    expect(outcome.encrypt).toEqual(['apps/web/web-secret.sops.yaml']);
    expect(parse(outcome.files.get('apps/web/web-secret.sops.yaml')!)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-secret', namespace: 'apps' },
      type: 'Opaque',
      stringData: { API_TOKEN: 'tok-9f8e7d6c5b4a3928' },
    });
    const [plainFile] = [...outcome.files].filter(([, text]) => text.includes('tok-9f8e7d6c5b4a3928'));
    expect(plainFile?.[0]).toBe('apps/web/web-secret.sops.yaml');
    const env = parse(outcome.files.get('apps/web/deployment.yaml')!).spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'TZ', value: 'UTC' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'web-secret', key: 'API_TOKEN' } } },
    ]);
    expect(outcome.files.get('apps/web/deployment.yaml')).not.toContain('FIXME');
    expect(parse(outcome.files.get('apps/web/kustomization.yaml')!).resources).toEqual([
      'deployment.yaml',
      'web-secret.sops.yaml',
    ]);
    expect(parse(outcome.files.get('clusters/apps.yaml')!).spec.decryption).toEqual({
      provider: 'sops',
      secretRef: { name: 'sops-age' },
    });
    expect(outcome.humanSteps).toBeUndefined();
    expect(outcome.followUps).toEqual([
      'rotate API_TOKEN: the old value stays in Git history at apps/web/deployment.yaml (API_TOKEN at line 15)',
    ]);
    expect(outcome.commitMessage).toContain('Once this change is applied, a person must:');
    expect(outcome.commitMessage).not.toContain('tok-9f8e7d6c5b4a3928');
    expect(secretFindings(filesAfterFix(files, outcome))).toEqual([]);
  });

  it('leaves decryption alone where the Flux Kustomization has it, and needs no kustomization.yaml', () => {
    const withDecryption = new Map(files);
    withDecryption.delete('apps/web/kustomization.yaml');
    withDecryption.set(
      'clusters/apps.yaml',
      fluxKustomization('apps', './apps', 'decryption:\n  provider: sops\n  secretRef: {name: age-key}\n'),
    );
    const { outcome } = fixAll(withDecryption, 'hardcoded-credential');
    expect([...outcome.files.keys()].sort()).toEqual(['apps/web/deployment.yaml', 'apps/web/web-secret.sops.yaml']);
  });

  it('keeps the placeholder, with the reason, when the rule has no age recipient', () => {
    const pgp = new Map(files);
    pgp.set('.sops.yaml', 'creation_rules:\n  - pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4\n');
    const { outcome } = fixAll(pgp, 'hardcoded-credential');
    expect(outcome.encrypt).toBeUndefined();
    expect([...outcome.files.keys()]).toEqual(['apps/web/deployment.yaml']);
    expect(outcome.files.get('apps/web/deployment.yaml')).toContain('triad.dev/sops-pending: API_TOKEN');
    expect(outcome.humanSteps?.[0]).toContain(
      'Triad could not encrypt it: the .sops.yaml rule for apps/web/web-secret.sops.yaml names no age recipient (only pgp)',
    );
    expect(outcome.commitMessage).not.toContain('tok-9f8e7d6c5b4a3928');
  });
});

describe('plaintext-secret', () => {
  const secret = dedent(`
    apiVersion: v1
    kind: Secret
    metadata: {name: db, namespace: apps}
    stringData:
      password: "pg-Secret-42-long"
  `);

  it('encrypts the Secret in place when .sops.yaml covers its path', () => {
    const files = repo({
      '.sops.yaml': SOPS_CONFIG,
      'apps/db/db.sops.yaml': secret,
      'clusters/apps.yaml': fluxKustomization('apps', './apps'),
    });
    const { outcome } = fixAll(files, 'plaintext-secret');
    expect(outcome.encrypt).toEqual(['apps/db/db.sops.yaml']);
    expect(outcome.files.get('apps/db/db.sops.yaml')).toBe(files.get('apps/db/db.sops.yaml'));
    expect(parse(outcome.files.get('clusters/apps.yaml')!).spec.decryption.provider).toBe('sops');
    expect(outcome.followUps?.[0]).toBe(
      'rotate password of Secret apps/db: the old values stay in Git history at apps/db/db.sops.yaml (line 4)',
    );
    expect(secretFindings(filesAfterFix(files, outcome))).toEqual([]);
  });

  it('renames secret.yaml to secret.sops.yaml when only that name matches a rule, and follows it in kustomization.yaml', () => {
    const files = repo({
      '.sops.yaml': SOPS_CONFIG,
      'apps/db/secret.yaml': secret,
      'apps/db/kustomization.yaml': 'resources:\n  - ./secret.yaml\n',
    });
    const { outcome } = fixAll(files, 'plaintext-secret');
    expect(outcome.removed).toEqual(['apps/db/secret.yaml']);
    expect(outcome.encrypt).toEqual(['apps/db/secret.sops.yaml']);
    expect(parse(outcome.files.get('apps/db/kustomization.yaml')!).resources).toEqual(['secret.sops.yaml']);
    expect(secretFindings(filesAfterFix(files, outcome))).toEqual([]);
  });

  it('is unfixable, with the reason, without recipients or when the Secret shares its file', () => {
    const none = repo({ 'apps/db/secret.yaml': secret });
    const findings = analyzeRepo(none).filter((f) => f.check === 'plaintext-secret');
    expect(fixFindings(none, findings)).toEqual({
      kind: 'unfixable',
      reason: `${findings[0]!.id}: Triad cannot encrypt apps/db/secret.yaml: the repository has no .sops.yaml, so it names no age recipient for apps/db/secret.yaml`,
    });
    const shared = repo({ '.sops.yaml': SOPS_CONFIG, 'apps/db/all.sops.yaml': `${secret}---\n${deployment}` });
    const sharedFindings = analyzeRepo(shared).filter((f) => f.check === 'plaintext-secret');
    expect(fixFindings(shared, sharedFindings)).toMatchObject({
      kind: 'unfixable',
      reason: expect.stringContaining('holds other objects besides the Secret'),
    });
  });
});
