import { GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { checkProposal } from './check-proposal';

const encrypted = (value: string, mac: string) =>
  [
    'apiVersion: v1',
    'kind: Secret',
    'metadata: {name: app, namespace: media}',
    'stringData:',
    `  token: ENC[AES256_GCM,data:${value},iv:aXY=,tag:dGFn,type:str]`,
    'sops:',
    '  age:',
    '    - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
    '      enc: |',
    '        -----BEGIN AGE ENCRYPTED FILE-----',
    '        YWdl',
    '        -----END AGE ENCRYPTED FILE-----',
    `  mac: ENC[AES256_GCM,data:${mac},iv:aXY=,tag:dGFn,type:str]`,
    '  version: 3.9.0',
    '',
  ].join('\n');

const rules = (before: string | null, after: string | null) =>
  checkProposal([{ path: 'media/app.sops.yaml', before, after }], GuardrailConfig.parse({})).refusals.map(
    (r) => r.rule,
  );

describe('sops-mac-broken', () => {
  it('refuses an edit in plain text that keeps the old MAC of a SOPS file', () => {
    const before = encrypted('c2VjcmV0', 'bWFj');
    const plain = before.replace('metadata: {name: app, namespace: media}', 'metadata: {name: app, namespace: tv}');
    expect(rules(before, plain)).toContain('sops-mac-broken');
  });

  it('passes a file encrypted again (a new MAC), a new one, a deleted one, and files without SOPS', () => {
    const before = encrypted('c2VjcmV0', 'bWFj');
    expect(rules(before, encrypted('b3RoZXI=', 'bmV3bWFj'))).not.toContain('sops-mac-broken');
    expect(rules(null, before)).not.toContain('sops-mac-broken');
    expect(rules(before, null)).not.toContain('sops-mac-broken');
    expect(rules('kind: ConfigMap\n', 'kind: ConfigMap\ndata: {a: "1"}\n')).not.toContain('sops-mac-broken');
  });
});
