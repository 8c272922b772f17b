import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { FAKE_TOKENS as FAKE } from '../test-support/fake-tokens';
import { dedent, repo, sopsSecret } from '../test-support/repo';

const ids = (files: Map<string, string>, check: string) =>
  analyzeRepo(files)
    .filter((f) => f.check === check)
    .map((f) => f.id);

const withEnv = (env: string) =>
  dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: app, namespace: ns}
    spec:
      template:
        spec:
          containers:
            - name: c
              image: x
              env:
  `) + dedent(env).replace(/^(?=.)/gm, '            ');

describe('hardcoded-credential', () => {
  it('reports credential-named env literals and generated-looking tokens, never their values', () => {
    const files = repo({
      '.sops.yaml': 'creation_rules:\n  - age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n',
      'd.yaml': withEnv(`
        - {name: DB_PASSWORD, value: hunter2}
        - {name: WEBHOOK, value: "https://hooks.example.com/T0A1B2C3D/x8Kq2Lm9Pz4Rt7Vw1Yb3Nd6F"}
        - {name: TZ, value: Europe/Berlin}
      `),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    expect(found.map((f) => [f.id, f.fixable, f.evidence?.reason])).toEqual([
      ['hardcoded-credential/Deployment/ns/app/c/DB_PASSWORD', true, 'credential-name'],
      ['hardcoded-credential/Deployment/ns/app/c/WEBHOOK', true, 'generated-looking'],
    ]);
    expect(JSON.stringify(found)).not.toContain('hunter2');
    expect(found[0]?.line).toBe(11);
  });

  it('leaves values filled by other means alone: placeholders, op://, vault:, secretKeyRef, file paths and secret names', () => {
    const files = repo({
      'd.yaml': withEnv(`
        - {name: DB_PASSWORD, value: "\${DB_PASSWORD}"}
        - {name: API_TOKEN, value: "op://homelab/api/token"}
        - {name: VAULT_SECRET, value: "vault:secret/data/app#token"}
        - {name: PASSWORD_FILE, value: /run/secrets/pw}
        - {name: SECRET_NAME, value: app-secret}
        - name: REDIS_PASSWORD
          valueFrom: {secretKeyRef: {name: redis, key: password}}
      `),
    });
    expect(ids(files, 'hardcoded-credential')).toEqual([]);
  });

  it('reads a map of the keys to take from an existing Secret as names, and a literal beside it as a literal', () => {
    const release = (password: string) =>
      repo({
        'hr.yaml': dedent(`
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: tracker, namespace: apps}
          spec:
            chart: {spec: {chart: tracker, sourceRef: {kind: HelmRepository, name: example}}}
            values:
              externalDatabase:
                existingSecret: tracker-db
                existingSecretKeys: {password: ${password}, username: username}
        `),
      });
    expect(ids(release('password'), 'hardcoded-credential')).toEqual([]);
    expect(ids(release('db-password'), 'hardcoded-credential')).toEqual([]);
    expect(ids(release('Tr0ub4dor-77x'), 'hardcoded-credential')).toHaveLength(1);
  });

  it('passes literals a chart ignores for the existingSecret beside them, and keeps them without one', () => {
    const release = (existing: string) =>
      repo({
        'hr.yaml': dedent(`
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: forge, namespace: forge}
          spec:
            chart: {spec: {chart: forge, sourceRef: {kind: HelmRepository, name: example}}}
            values:
              postgresql:
                auth:
                  ${existing}
                  password: Tr0ub4dor-77x
                  postgresPassword: Tr0ub4dor-78y
                  secretKeys: {adminPasswordKey: postgres-password, userPasswordKey: password}
        `),
      });
    expect(ids(release('existingSecret: forge-db'), 'hardcoded-credential')).toEqual([]);
    expect(ids(release('existingSecret: ""'), 'hardcoded-credential')).toHaveLength(2);
    expect(ids(release('username: forge'), 'hardcoded-credential')).toHaveLength(2);
  });

  it('reads ConfigMap data (keys and config file lines) and HelmRelease values, and private keys anywhere', () => {
    const files = repo({
      'cm.yaml': dedent(`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: conf, namespace: ns}
        data:
          SMTP_PASSWORD: s3cret!
          app.ini: |
            [db]
            user = app
            password = letmein
      `),
      'hr.yaml': dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: grafana, namespace: ns}
        spec:
          values:
            adminPassword: prom-operator
            admin: {existingSecret: grafana-admin, passwordKey: admin-password}
      `),
      'key.yaml': dedent(`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: keys, namespace: ns}
        data:
          id: |
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAA
            -----END OPENSSH PRIVATE KEY-----
      `),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ['hardcoded-credential/ConfigMap/ns/keys/pem-0-0', 'critical'],
      ['hardcoded-credential/ConfigMap/ns/conf/SMTP_PASSWORD', 'high'],
      ['hardcoded-credential/ConfigMap/ns/conf/app.ini', 'high'],
      ['hardcoded-credential/HelmRelease/ns/grafana/adminPassword', 'high'],
    ]);
    expect(found[0]?.message).toMatch(/^key\.yaml holds an OPENSSH PRIVATE KEY in plain text/);
  });

  it('names a known token with its article, and a Discord webhook as one', () => {
    const files = repo({
      'cm.yaml': dedent(`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: conf, namespace: ns}
        data:
          BACKUP_KEY_ID: ${FAKE.aws}
          ALERTS: https://${FAKE.discordWebhook}
      `),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    expect(found.map((f) => f.message.split(':')[0])).toEqual(['ConfigMap ns/conf', 'ConfigMap ns/conf']);
    expect(found.map((f) => /holds (an? [^:]+?):/.exec(f.message)?.[1])).toEqual([
      'an AWS access key ID',
      'a Discord webhook',
    ]);
  });
});

describe('plaintext-secret', () => {
  it('reports a Secret with clear values, critical when .sops.yaml says it should be encrypted', () => {
    const files = repo({
      '.sops.yaml': 'creation_rules:\n  - path_regex: apps/.*\\.sops\\.yaml\n    age: age1xyz\n',
      'apps/db.sops.yaml': dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: ns}
        stringData: {host: db.local}
      `),
      'apps/api.yaml': dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: api, namespace: ns}
        data: {API_KEY: ${Buffer.from('abc123').toString('base64')}}
      `),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'plaintext-secret');
    expect(found.map((f) => [f.id, f.severity, f.evidence?.keys])).toEqual([
      ['plaintext-secret/Secret/ns/api', 'critical', ['API_KEY']],
      ['plaintext-secret/Secret/ns/db', 'critical', ['host']],
    ]);
  });

  it("passes a Secret of identifiers that the repository's own SOPS rule would leave in clear", () => {
    const secret = (name: string) =>
      dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: ${name}, namespace: backups}
        stringData:
          volumeHandle: 0001-0011-5f3c7a2e-4b1d-4e8a-9c6f-2d7b8e0a1c34
          clusterID: 5f3c7a2e-4b1d-4e8a-9c6f-2d7b8e0a1c34
          fsName: archive
      `);
    const found = (rule: string) =>
      analyzeRepo(
        repo({
          '.sops.yaml': `creation_rules:\n  - path_regex: kube/.*[-_]secret\\.ya?ml$\n    ${rule}\n    age: age1xyz\n`,
          'kube/backups/volume-secret.yaml': secret('volume'),
        }),
      ).filter((f) => f.check === 'plaintext-secret');
    expect(found("encrypted_regex: '^(password|userKey|token)$'")).toEqual([]);
    // A rule that encrypts the whole of stringData, or every value, means these too.
    expect(found("encrypted_regex: '^(data|stringData)$'")).toHaveLength(1);
    expect(found('unencrypted_suffix: _clear')).toHaveLength(1);
  });

  it('reports a Secret whose only value is a webhook URL with its token in the path', () => {
    const files = repo({
      'hook.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: hook, namespace: ops}\nstringData:\n  url: https://${FAKE.discordWebhook}\n`,
    });
    expect(analyzeRepo(files).map((f) => [f.check, f.severity])).toEqual([['plaintext-secret', 'critical']]);
  });

  it('passes a Secret that holds only a public key, and keeps one that holds a private key', () => {
    const pem = (label: string) =>
      Buffer.from(
        `-----BEGIN ${label}-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9x3QmPz1bK4vL7wN2rT5yU8iO0pA\n-----END ${label}-----\n`,
      ).toString('base64');
    const secret = (label: string) =>
      repo({
        'apps/verify.yaml': dedent(`
          apiVersion: v1
          kind: Secret
          metadata: {name: cosign-pub, namespace: flux-system}
          data: {cosign.pub: ${pem(label)}}
        `),
      });
    const found = (label: string) => analyzeRepo(secret(label)).filter((f) => f.check === 'plaintext-secret');
    expect(found('PUBLIC KEY')).toEqual([]);
    expect(found('EC PRIVATE KEY').map((f) => f.severity)).toEqual(['critical']);
  });

  it('passes a Secret that holds only OpenSSH public keys (an authorized_keys file)', () => {
    const keys = (value: string) =>
      repo({
        'apps/keys.yaml': dedent(`
          apiVersion: v1
          kind: Secret
          metadata: {name: ssh-keys, namespace: dev}
          stringData:
            authorized_keys: |
              ${value}
        `),
      });
    const found = (value: string) => analyzeRepo(keys(value)).filter((f) => f.check === 'plaintext-secret');
    expect(
      found('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq8x3vL9mP2nR7tW4yB6cD1fG5hJ0kL3zX9qV8sT2uE someone@laptop'),
    ).toEqual([]);
    expect(found('s3cr3t-Pa55-not-a-key')).toHaveLength(1);
  });

  it('passes a stub Secret whose config file holds only placeholders, and keeps one with a value in it', () => {
    const stub = (secretLine: string) =>
      repo({
        'apps/backup-credentials.yaml': dedent(`
          apiVersion: v1
          kind: Secret
          metadata: {name: backup-store, namespace: backup}
          stringData:
            cloud: |
              [default]
              # overwritten by the secret store's sync
              aws_access_key_id = PLACEHOLDER
              ${secretLine}
        `),
      });
    const found = (line: string) => analyzeRepo(stub(line)).filter((f) => f.check === 'plaintext-secret');
    expect(found('aws_secret_access_key = PLACEHOLDER')).toEqual([]);
    expect(found('aws_secret_access_key = Qx7vN2mLp9Rt4Wz8')).toHaveLength(1);
  });

  it('passes a Secret whose secret values an operator generates in the cluster, and keeps a literal password in it', () => {
    const generated = (data: string) =>
      repo({
        'apps/db-role.yaml': dedent(`
          apiVersion: v1
          kind: Secret
          metadata:
            name: app-role
            namespace: db
            annotations: {secret-generator.v1.mittwald.de/autogenerate: password}
          stringData: {${data}}
        `),
      });
    const found = (data: string) => analyzeRepo(generated(data)).filter((f) => f.check === 'plaintext-secret');
    expect(found('username: app')).toEqual([]);
    expect(found('username: app, password: Qx7vN2mLp9Rt4Wz8').map((f) => f.severity)).toEqual(['critical']);
    const plain = generated('username: app');
    plain.set('apps/db-role.yaml', plain.get('apps/db-role.yaml')!.replace(/\n\s+annotations: .*/, ''));
    expect(plain.get('apps/db-role.yaml')).not.toContain('annotations');
    expect(
      analyzeRepo(plain)
        .filter((f) => f.check === 'plaintext-secret')
        .map((f) => f.severity),
    ).toEqual(['low']);
  });

  it('passes a Secret Flux fills from variables whose literals are settings, even where a rule covers every file', () => {
    const files = repo({
      // One creation rule for every YAML file of the tree: it says which key encrypts, not that all of them are secret.
      '.sops.yaml': 'creation_rules:\n  - path_regex: kube/.*\\.ya?ml\n    age: age1xyz\n',
      'kube/apps/books/backup.yaml': dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: books-restic, namespace: books}
        stringData:
          RESTIC_REPOSITORY: "\${BACKUP_BASE}/books"
          RESTIC_PASSWORD: "\${BACKUP_PASSWORD}"
          PGHOST: books-db.books.svc
          PGUSER: postgres
          STUN: stun:stun.example.org:3478
      `),
      // The same shape with one literal password left in: still reported, and critical under the rule.
      'kube/apps/notes/backup.yaml': dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: notes-restic, namespace: notes}
        stringData:
          RESTIC_REPOSITORY: "\${BACKUP_BASE}/notes"
          RESTIC_PASSWORD: hunter2-but-longer
          PGHOST: notes-db.notes.svc
      `),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'plaintext-secret');
    expect(found.map((f) => [f.id, f.severity, f.evidence?.keys])).toEqual([
      ['plaintext-secret/Secret/notes/notes-restic', 'critical', ['RESTIC_PASSWORD', 'PGHOST']],
    ]);
  });

  it('passes SOPS-encrypted Secrets, placeholders (also base64-encoded), op:// references and ExternalSecrets', () => {
    const files = repo({
      'enc.yaml': sopsSecret('ns', 'enc'),
      'ph.yaml': dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: ph, namespace: ns}
        stringData: {password: "\${DB_PASSWORD}", token: "op://vault/item/token", empty: ""}
        data: {b64: ${Buffer.from('\x24{OTHER}').toString('base64')}}
      `),
      'es.yaml': dedent(`
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: {name: es, namespace: ns}
        spec:
          secretStoreRef: {name: onepassword, kind: ClusterSecretStore}
          data: [{secretKey: password, remoteRef: {key: db, property: password}}]
      `),
    });
    expect(ids(files, 'plaintext-secret')).toEqual([]);
  });
});
