import type { FileEdit } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { checkCredentialLiterals } from './credential-literal';
import { parseEdits } from './parsed-edit';

const refused = (after: string, before: string | null = null, path = 'apps/x.yaml') =>
  checkCredentialLiterals(parseEdits([{ path, before, after } satisfies FileEdit])).map((r) => r.message);

const awsKey = `AKIA${'ZZZZTRIADTEST001'}`;

describe('credential-literal judges as hardcoded-credential does', () => {
  it('lets names and references of Secrets through: reloader annotations, CSI parameters, chart settings', () => {
    const hr = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: app, namespace: home}
spec:
  values:
    podAnnotations:
      secret.reloader.stakater.com/reload: app-secret
    githubConfigSecret: runner-app
    auth: {secretKey: PASSWORD, passwordSecretRef: {name: app, key: password}}
    storageClass:
      parameters:
        csi.storage.k8s.io/provisioner-secret-namespace: storage
`;
    expect(refused(hr)).toEqual([]);
  });

  it('refuses a literal password in an ExternalSecret template, and names where it is', () => {
    const es = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: db, namespace: home}
spec:
  target:
    template:
      data:
        DB_USER: app
        DB_PASSWORD: hunter2-literal
        DB_TOKEN: "{{ .token }}"
`;
    const messages = refused(es);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('spec.target.template.data.DB_PASSWORD');
    expect(messages[0]).not.toContain('hunter2-literal');
  });

  it('names an env entry by its name', () => {
    const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: shop, namespace: apps}
spec:
  template:
    spec:
      containers:
        - name: shop
          env:
            - {name: DB_PASSWORD, value: hunter2}
`;
    expect(refused(rollout)[0]).toContain('Rollout apps/shop spec.template.spec.containers[0].env[DB_PASSWORD]');
  });

  it('refuses a new known-format token in any file, but not one that was already there', () => {
    const notes = `Access for the backup job: ${awsKey}\n`;
    expect(refused(notes, null, 'docs/backup.md')[0]).toContain('AWS access key ID');
    expect(refused(notes, notes, 'docs/backup.md')).toEqual([]);
  });
});
