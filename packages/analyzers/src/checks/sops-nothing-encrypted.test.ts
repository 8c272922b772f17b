import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, repo, sopsMetadata } from '../test-support/repo';

const found = (files: Map<string, string>) => analyzeRepo(files).filter((f) => f.check === 'sops-nothing-encrypted');

describe('sops-nothing-encrypted', () => {
  it('reports a values file whose encrypted_regex matched none of its keys, and a Secret whose data stayed plain', () => {
    const files = repo({
      // A chart's values, encrypted with the rule meant for Secrets: `data` and `stringData` are not among its keys.
      'apps/game/values.sops.yaml': `server:\n  sshPassword: hunter2\n  enableSsh: true\n${sopsMetadata('encrypted_regex: ^(data|stringData)$')}`,
      'apps/game/secret.sops.yaml': `${dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: game, namespace: lab}
        stringData:
          token: hunter2
      `)}${sopsMetadata('unencrypted_regex: ^(apiVersion|metadata|kind|type|stringData)$')}`,
    });
    const findings = found(files);
    expect(findings.map((f) => [f.file, f.severity, f.evidence?.rule])).toEqual([
      ['apps/game/secret.sops.yaml', 'high', 'unencrypted_regex ^(apiVersion|metadata|kind|type|stringData)$'],
      ['apps/game/values.sops.yaml', 'high', 'encrypted_regex ^(data|stringData)$'],
    ]);
    expect(findings[1]?.message).toBe(
      'apps/game/values.sops.yaml carries SOPS metadata but none of its values is encrypted (encrypted_regex ' +
        '^(data|stringData)$ matches none of its keys): everything in it is in Git as plain text. Encrypt it again ' +
        'with a rule that matches the keys that hold secrets, and rotate what they hold.',
    );
    // The secret values themselves never appear in a finding.
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });

  it('passes a file with any value encrypted, and one with nothing but numbers and booleans to encrypt', () => {
    const files = repo({
      // SOPS leaves an empty string as it is: the rule matched stringData, there was nothing in it to encrypt.
      'c.sops.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: c, namespace: lab}\nstringData:\n  SERVICE_KEY: ""\n${sopsMetadata('encrypted_regex: ^(data|stringData)$')}`,
      'a.sops.yaml': `server:\n  sshPassword: ENC[AES256_GCM,data:aHVudGVy,iv:aXY=,tag:dGFn,type:str]\n  port: 22\n${sopsMetadata('encrypted_regex: ^sshPassword$')}`,
      'b.sops.yaml': `server:\n  port: 22\n  enabled: true\n${sopsMetadata('encrypted_regex: ^(data|stringData)$')}`,
    });
    expect(found(files)).toEqual([]);
  });

  it('passes a document with nothing matched when another document of its file holds the ciphertext', () => {
    // SOPS writes its block into each document of a file; the rule matched the Secret beside the alert provider.
    const rule = sopsMetadata('encrypted_regex: ^(data|stringData)$');
    const files = repo({
      'apps/alerts/alerts.sops.yaml': `${dedent(`
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata: {name: chat, namespace: flux-system}
        spec: {type: discord, secretRef: {name: chat-hook}}
      `)}${rule}---\n${dedent(`
        apiVersion: v1
        kind: Secret
        metadata: {name: chat-hook, namespace: flux-system}
        stringData:
          address: ENC[AES256_GCM,data:aHVudGVy,iv:aXY=,tag:dGFn,type:str]
      `)}${rule}`,
    });
    expect(found(files)).toEqual([]);
    // With no ciphertext anywhere in the file (the Secret's value left plain), the provider is reported as before.
    const plain = new Map(files);
    plain.set(
      'apps/alerts/alerts.sops.yaml',
      files.get('apps/alerts/alerts.sops.yaml')!.replace(/address: ENC\[[^\]]*\]/, 'address: hunter2'),
    );
    expect(found(plain).map((f) => f.resource.kind)).toEqual(['Provider']);
  });
});
