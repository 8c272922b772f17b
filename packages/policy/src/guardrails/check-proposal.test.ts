import { type FileEdit, GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { checkProposal } from './check-proposal';

const config = GuardrailConfig.parse({});

function rules(edits: FileEdit[], cfg = config): string[] {
  return checkProposal(edits, cfg).refusals.map((r) => r.rule);
}

const deployment = (container: string, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: jellyfin
  namespace: media
spec:
  template:
    spec:
${podSpec}      containers:
        - name: jellyfin
          image: jellyfin/jellyfin:10.9
${container}`;

const privileged = '          securityContext:\n            privileged: true\n';
const edit = (path: string, before: string | null, after: string | null): FileEdit => ({ path, before, after });

describe('checkProposal: paths', () => {
  it.each([
    ['../x', 'path-outside-repo'],
    ['/etc/passwd', 'path-outside-repo'],
    ['apps\\x.yaml', 'path-outside-repo'],
    ['apps/./x.yaml', 'path-outside-repo'],
    ['C:/x.yaml', 'path-outside-repo'],
    ['.git/config', 'path-denied'],
    ['vendor/lib/.git/HEAD', 'path-denied'],
    ['.sops.yaml', 'path-denied'],
    ['clusters/x/.sops.yaml', 'path-denied'],
    ['clusters/x/flux-system/gotk-components.yaml', 'path-denied'],
    ['keys/cluster.agekey', 'path-denied'],
    ['age.agekey', 'path-denied'],
    ['tls/server.KEY', 'path-denied'],
    ['tls/ca.pem', 'path-denied'],
    ['home/id_rsa.pub', 'path-denied'],
    ['gpg/public.asc', 'path-denied'],
  ])('refuses %s with %s', (path, rule) => {
    const result = checkProposal([edit(path, null, 'x: 1\n')], config);
    expect(result.ok).toBe(false);
    expect(result.refusals.map((r) => r.rule)).toEqual([rule]);
    expect(result.refusals[0]!.message).not.toContain('\n');
  });

  it('passes near misses: sops-looking names, .github (all of flux-system is protected: flux-system-rule.test.ts)', () => {
    for (const path of ['apps/sops-secret.sops.yaml', '.github/workflows/ci.yaml', 'docs/keys.md']) {
      expect(rules([edit(path, null, 'x: 1\n')])).toEqual([]);
    }
  });

  it('applies configured deny and allow globs', () => {
    const cfg = GuardrailConfig.parse({ deny: ['infra/**'], allow: ['apps/**', 'infra/**', 'docs/**'] });
    expect(rules([edit('infra/a.yaml', null, 'a: 1\n')], cfg)).toEqual(['path-denied']);
    expect(rules([edit('clusters/a.yaml', null, 'a: 1\n')], cfg)).toEqual(['path-denied']);
    expect(rules([edit('apps/a.yaml', null, 'a: 1\n')], cfg)).toEqual([]);
  });
});

describe('checkProposal: secrets', () => {
  const secret = (extra: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: app\nstringData:\n  password: ENC[AES256_GCM,data:abc,type:str]\n${extra}`;

  it('refuses a plaintext Secret', () => {
    const after = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n';
    const result = checkProposal([edit('apps/secret.yaml', null, after)], config);
    expect(result.refusals.map((r) => r.rule)).toContain('plaintext-secret');
    expect(result.refusals.map((r) => r.message).join()).not.toContain('aHVudGVyMg');
  });

  it('passes a SOPS-encrypted Secret, age recipient block included', () => {
    const age =
      '  age:\n    - recipient: age1xyz\n      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMK\n        -----END AGE ENCRYPTED FILE-----\n';
    const after = secret(`sops:\n  version: 3.9.0\n  mac: ENC[x]\n${age}`);
    expect(rules([edit('apps/secret.sops.yaml', null, after)])).toEqual([]);
  });

  it('refuses clear values under forged sops metadata', () => {
    const after = `${secret('sops:\n  version: 3.9.0\n')}`.replace('ENC[AES256_GCM,data:abc,type:str]', 'hunter2');
    expect(rules([edit('apps/secret.yaml', null, after)])).toEqual(['plaintext-secret']);
  });

  it('passes a Secret without data (type and labels only)', () => {
    expect(rules([edit('a.yaml', null, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ntype: Opaque\n')])).toEqual(
      [],
    );
  });
});

describe('checkProposal: credential literals', () => {
  const env = (value: string, name = 'DB_PASSWORD') =>
    deployment(`          env:\n            - name: ${name}\n              value: ${value}\n`);

  it('refuses a new literal password in env, without echoing it', () => {
    const result = checkProposal([edit('apps/app.yaml', deployment(''), env('hunter2'))], config);
    expect(result.refusals.map((r) => r.rule)).toEqual(['credential-literal']);
    expect(result.refusals[0]!.message).toContain('DB_PASSWORD');
    expect(result.refusals[0]!.message).not.toContain('hunter2');
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux substitution placeholder, written literally
  it.each([['"${DB_PASSWORD}"'], ['"op://vault/db/password"'], ['"vault:secret/data/db#password"'], ['""']])(
    'passes %s in env',
    (value) => {
      expect(rules([edit('apps/app.yaml', deployment(''), env(value))])).toEqual([]);
    },
  );

  it('passes a literal that was already there (only new ones count)', () => {
    expect(
      rules([edit('apps/app.yaml', env('hunter2'), `${env('hunter2')}          imagePullPolicy: Always\n`)]),
    ).toEqual([]);
  });

  it('refuses a Flux default that hides a literal', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux substitution placeholder, written literally
    expect(rules([edit('apps/app.yaml', deployment(''), env('"${DB_PASSWORD:=hunter2}"'))])).toEqual([
      'credential-literal',
    ]);
  });

  it('passes non-credential names and secret references', () => {
    expect(rules([edit('apps/app.yaml', deployment(''), env('db.app.svc', 'DB_HOST'))])).toEqual([]);
    const values =
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\nspec:\n  values:\n    auth:\n      existingSecret: x-auth\n      secretName: x-auth\n      passwordKey: password\n';
    expect(rules([edit('apps/hr.yaml', null, values)])).toEqual([]);
  });

  it('refuses credentials in ConfigMap data, HelmRelease values and Flux substitutions', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  API_KEY: abc123\n';
    const cmFile =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  app.ini: |\n    [db]\n    password = hunter2\n';
    const hr =
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\nspec:\n  values:\n    admin:\n      password: hunter2\n';
    const ks =
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: x\nspec:\n  postBuild:\n    substitute:\n      DB_TOKEN: abc\n';
    for (const after of [cm, cmFile, hr, ks])
      expect(rules([edit('apps/x.yaml', null, after)])).toEqual(['credential-literal']);
  });

  it('refuses a new high-entropy string but not digests or names', () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  SETTING: ${v}\n`;
    expect(rules([edit('a.yaml', null, cm('xK9mP2vL8nQ4wR7tY1uI3oA5sD6fG0h'))])).toEqual(['credential-literal']);
    expect(
      rules([edit('a.yaml', null, cm('sha256-3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170'))]),
    ).toEqual([]);
    expect(rules([edit('a.yaml', null, cm('MyApplicationServerVersion2024'))])).toEqual([]);
  });

  it('refuses a private key PEM block in any file, not a certificate', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
    const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
    expect(rules([edit('docs/notes.md', null, key)])).toEqual(['credential-literal']);
    expect(rules([edit('docs/notes.md', null, cert)])).toEqual([]);
  });
});

describe('checkProposal: privileges', () => {
  it('refuses privileged mode introduced, passes it removed', () => {
    expect(rules([edit('a.yaml', deployment(''), deployment(privileged))])).toEqual(['privileged-introduced']);
    expect(rules([edit('a.yaml', deployment(privileged), deployment(''))])).toEqual([]);
    expect(
      rules([edit('a.yaml', deployment(privileged), `${deployment(privileged)}          imagePullPolicy: Always\n`)]),
    ).toEqual([]);
  });

  it('refuses privileged mode in a new object, passes an object moved between files', () => {
    expect(rules([edit('a.yaml', null, deployment(privileged))])).toEqual(['privileged-introduced']);
    expect(rules([edit('a.yaml', deployment(privileged), null), edit('b.yaml', null, deployment(privileged))])).toEqual(
      [],
    );
  });

  it('refuses host paths, host namespaces and added capabilities; passes dropped ones', () => {
    const hostPath = deployment(
      '',
      '      volumes:\n        - name: media\n          hostPath:\n            path: /mnt/media\n',
    );
    expect(rules([edit('a.yaml', deployment(''), hostPath)])).toEqual(['host-path-introduced']);
    expect(rules([edit('a.yaml', hostPath, deployment(''))])).toEqual([]);
    for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
      expect(rules([edit('a.yaml', deployment(''), deployment('', `      ${ns}: true\n`))])).toEqual([
        'host-namespace-introduced',
      ]);
    }
    expect(rules([edit('a.yaml', deployment(''), deployment('', '      hostNetwork: false\n'))])).toEqual([]);
    const caps = (list: string, key = 'add') =>
      deployment(`          securityContext:\n            capabilities:\n              ${key}: [${list}]\n`);
    expect(rules([edit('a.yaml', caps('NET_BIND_SERVICE'), caps('NET_BIND_SERVICE, SYS_ADMIN'))])).toEqual([
      'capabilities-added',
    ]);
    expect(rules([edit('a.yaml', caps('SYS_ADMIN'), caps('CAP_SYS_ADMIN'))])).toEqual([]);
    expect(rules([edit('a.yaml', deployment(''), caps('ALL', 'drop'))])).toEqual([]);
  });

  it('passes a capability added back that the container already held, and refuses one it had dropped', () => {
    const rootInit = deployment(
      '          securityContext:\n            capabilities:\n              drop: [ALL]\n              add: [CHOWN, SETUID]\n',
    );
    expect(rules([edit('a.yaml', deployment(privileged), rootInit)])).toEqual([]);
    expect(rules([edit('a.yaml', deployment(''), rootInit)])).toEqual([]);
    const dropped = deployment('          securityContext:\n            capabilities:\n              drop: [ALL]\n');
    expect(rules([edit('a.yaml', dropped, rootInit)])).toEqual(['capabilities-added', 'capabilities-added']);
    const netAdmin = deployment(
      '          securityContext:\n            capabilities:\n              add: [NET_ADMIN]\n',
    );
    expect(rules([edit('a.yaml', deployment(''), netAdmin)])).toEqual(['capabilities-added']);
  });

  it('refuses privileged mode introduced through HelmRelease values', () => {
    const hr = (v: boolean) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\nspec:\n  values:\n    securityContext:\n      privileged: ${v}\n`;
    expect(rules([edit('hr.yaml', hr(false), hr(true))])).toEqual(['privileged-introduced']);
  });
});

describe('checkProposal: size and syntax', () => {
  it('refuses more files than allowed', () => {
    const cfg = GuardrailConfig.parse({ maxFiles: 2 });
    const edits = ['a', 'b', 'c'].map((n) => edit(`${n}.md`, null, 'x\n'));
    expect(rules(edits, cfg)).toEqual(['too-many-files']);
    expect(rules(edits.slice(0, 2), cfg)).toEqual([]);
  });

  it('refuses more changed lines than allowed, counting added and removed lines', () => {
    const cfg = GuardrailConfig.parse({ maxChangedLines: 4 });
    expect(rules([edit('a.md', 'a\nb\nc\n', 'a\nB\nC\n')], cfg)).toEqual([]);
    expect(rules([edit('a.md', 'a\nb\nc\n', 'A\nB\nC\n')], cfg)).toEqual(['too-many-lines']);
  });

  it('refuses YAML that no longer parses or has duplicate keys', () => {
    expect(rules([edit('a.yaml', 'a: 1\n', 'a: [\n')])).toEqual(['yaml-invalid']);
    expect(rules([edit('a.yaml', 'a: 1\n', 'a: 1\na: 2\n')])).toEqual(['yaml-invalid']);
    expect(rules([edit('a.yaml', null, 'a: {\n')])).toEqual(['yaml-invalid']);
    expect(rules([edit('a.yaml', 'a: {{ .x }}\n', 'a: {{ .y }}\n')])).toEqual([]);
    expect(rules([edit('a.yaml', 'a: 1\n', 'a: 2\n')])).toEqual([]);
  });
});
