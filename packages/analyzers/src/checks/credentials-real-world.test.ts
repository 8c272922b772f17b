import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { FAKE_TOKENS as FAKE } from '../test-support/fake-tokens';
import { dedent } from '../test-support/repo';

const dir = fileURLToPath(new URL('../fixtures/real-world/credentials/', import.meta.url));
const lookAlikes = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [`look-alikes/${f}`, readFileSync(`${dir}${f}`, 'utf8')]),
);

/** True credentials, one of each place they hide in. */
const trueCredentials = new Map([
  [
    'apps/env-literal.yaml',
    dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: wiki, namespace: docs}
      spec:
        template:
          spec:
            containers:
              - name: wiki
                image: ghcr.io/example/wiki:1.0
                env:
                  - {name: DB_USER, value: wiki}
                  - {name: DB_PASSWORD, value: "W1ki-Db-Pa55!"}
    `),
  ],
  [
    'apps/configmap-key.yaml',
    dedent(`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: deploy-key, namespace: ci}
      data:
        id_ed25519: |
          -----BEGIN OPENSSH PRIVATE KEY-----
          b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
          -----END OPENSSH PRIVATE KEY-----
    `),
  ],
  [
    'apps/helmrelease-cloud-key.yaml',
    dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: backup, namespace: storage}
      spec:
        values:
          s3:
            endpoint: https://s3.eu-west-1.amazonaws.com
            accessKeyId: ${FAKE.aws}
    `),
  ],
  [
    'apps/externalsecret-literal.yaml',
    dedent(`
      apiVersion: external-secrets.io/v1
      kind: ExternalSecret
      metadata: {name: metrics, namespace: monitoring}
      spec:
        secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
        target:
          template:
            data:
              ADMIN_USER: admin
              ADMIN_PASSWORD: metrics-admin-2024
              S3_SECRET_KEY: "{{ .s3_secret_key }}"
    `),
  ],
  [
    'apps/annotation-token.yaml',
    dedent(`
      apiVersion: v1
      kind: Service
      metadata:
        name: hooks
        namespace: ci
        annotations:
          # left here while debugging the notifier
          example.org/notify: "${FAKE.slack}"
      spec:
        ports: [{port: 80}]
    `),
  ],
]);

const credentialIds = (files: Map<string, string>) =>
  analyzeRepo(files)
    .filter((f) => f.check === 'hardcoded-credential' || f.check === 'plaintext-secret')
    .map((f) => f.id)
    .sort();

describe('credentials on real-world shapes', () => {
  it('reports none of the look-alikes: names, references, placeholders, settings, paths, icon URLs', () => {
    expect(lookAlikes.size).toBeGreaterThanOrEqual(5);
    expect(credentialIds(lookAlikes)).toEqual([]);
  });

  it('still reports every true credential next to them, wherever it is', () => {
    expect(credentialIds(new Map([...lookAlikes, ...trueCredentials]))).toEqual([
      'hardcoded-credential/ConfigMap/ci/deploy-key/pem-0-0',
      'hardcoded-credential/Deployment/docs/wiki/wiki/DB_PASSWORD',
      'hardcoded-credential/ExternalSecret/monitoring/metrics/data.ADMIN_PASSWORD',
      'hardcoded-credential/HelmRelease/storage/backup/s3.accessKeyId',
      'hardcoded-credential/Service/ci/hooks/token-0-0',
    ]);
  });

  it('says what a known-format token is, never its value', () => {
    const found = analyzeRepo(trueCredentials).filter((f) => f.check === 'hardcoded-credential');
    const cloud = found.find((f) => f.resource.name === 'backup');
    expect(cloud).toMatchObject({ severity: 'critical', evidence: { reason: 'known-format' } });
    expect(cloud?.message).toContain('AWS access key ID');
    expect(found.find((f) => f.resource.name === 'hooks')?.message).toContain('Slack token');
    const text = JSON.stringify(found);
    for (const secret of [FAKE.aws, FAKE.slack, 'W1ki-Db-Pa55!', 'metrics-admin-2024'])
      expect(text).not.toContain(secret);
  });

  it('finds a known-format token in env and ConfigMap data by its format, whatever the key', () => {
    const files = new Map([
      [
        'a.yaml',
        dedent(`
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: llm, namespace: ai}
          data:
            settings.yaml: |
              provider: anthropic
              key: ${FAKE.anthropic}
            GITHUB: ${FAKE.github}
        `),
      ],
    ]);
    expect(
      analyzeRepo(files)
        .filter((f) => f.check === 'hardcoded-credential')
        .map((f) => f.evidence?.reason),
    ).toEqual(['known-format', 'known-format']);
  });
});

describe('plaintext-secret', () => {
  it('reports a Secret with real values next to one of placeholders only', () => {
    const files = new Map([
      ...lookAlikes,
      [
        'apps/secret.yaml',
        dedent(`
          apiVersion: v1
          kind: Secret
          metadata: {name: wiki-db, namespace: docs}
          stringData:
            DB_PASSWORD: W1ki-Db-Pa55!
            DB_HOST: postgres.db
        `),
      ],
    ]);
    const found = analyzeRepo(files).filter((f) => f.check === 'plaintext-secret');
    expect(found.map((f) => [f.id, f.severity, f.evidence?.keys])).toEqual([
      ['plaintext-secret/Secret/docs/wiki-db', 'critical', ['DB_PASSWORD', 'DB_HOST']],
    ]);
  });

  it('reports a clear Secret that holds nothing credential-like as low', () => {
    const files = new Map([
      [
        's.yaml',
        dedent(`
          apiVersion: v1
          kind: Secret
          metadata: {name: scrape, namespace: monitoring}
          stringData:
            extra.yaml: |
              - job_name: nodes
                static_configs: [{targets: ["10.0.0.2:9100"]}]
        `),
      ],
    ]);
    expect(
      analyzeRepo(files)
        .filter((f) => f.check === 'plaintext-secret')
        .map((f) => f.severity),
    ).toEqual(['low']);
  });
});
