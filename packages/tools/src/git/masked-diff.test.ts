import { describe, expect, it } from 'vitest';
import { maskedDiff } from './masked-diff';

const before = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  template:
    spec:
      containers:
        - name: web
          env:
            - name: API_TOKEN
              value: "tok-9f8e7d6c5b4a3928"
`;
const after = before.replace(
  '              value: "tok-9f8e7d6c5b4a3928"\n',
  '              valueFrom: {secretKeyRef: {name: web-secret, key: API_TOKEN}}\n',
);
const encrypted = `apiVersion: v1
kind: Secret
stringData:
    API_TOKEN: ENC[AES256_GCM,data:Zm9vYmFy,iv:aXZpdml2aXZpdml2,tag:dGFndGFn,type:str]
sops:
    mac: ENC[AES256_GCM,data:bWFjbWFj,iv:aXY=,tag:dGFn,type:str]
`;
const plain = `apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  password: pg-Secret-42-long
`;

describe('maskedDiff', () => {
  it('shows the removed literal as REDACTED-n and SOPS values as ENC[…]', () => {
    const diff = maskedDiff([
      { path: 'apps/web/deployment.yaml', before, after },
      { path: 'apps/web/web-secret.sops.yaml', before: null, after: encrypted },
    ]);
    expect(diff).toContain('-              value: "REDACTED-1"');
    expect(diff).toContain('+              valueFrom: {secretKeyRef: {name: web-secret, key: API_TOKEN}}');
    expect(diff).toContain('+    API_TOKEN: ENC[AES256_GCM,…,type:str]');
    expect(diff).not.toContain('tok-9f8e7d6c5b4a3928');
    expect(diff).not.toContain('Zm9vYmFy');
    expect(diff).toContain('diff --git a/apps/web/deployment.yaml b/apps/web/deployment.yaml');
  });

  it('masks the data of a plaintext Secret, added or removed', () => {
    const added = maskedDiff([{ path: 'apps/db/secret.yaml', before: null, after: plain }]);
    const removed = maskedDiff([{ path: 'apps/db/secret.yaml', before: plain, after: null }]);
    for (const diff of [added, removed]) {
      expect(diff).toContain('password: REDACTED-1');
      expect(diff).not.toContain('pg-Secret-42-long');
    }
  });
});
