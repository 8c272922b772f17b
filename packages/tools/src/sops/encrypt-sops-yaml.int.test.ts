import { decryptSops } from 'sops-age';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { encryptSopsYaml } from './encrypt-sops-yaml';
import { decodeSops, macOf } from './test-support/sops-reference-decoder';
import { ageDecrypt, ageKeygen, type TestIdentity } from './test-support/test-identity';

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: app-secret
  namespace: apps
type: Opaque
stringData:
  DB_PASSWORD: "Hass-Recorder-2024!"
  PORT: "5432"
  empty: ""
`;

const MIXED = `name: demo
count: 3
ratio: 1.5
whole: 2.0
enabled: true
off: false
list:
  - one
  - nested: two
token_unencrypted: visible
nothing: null
`;

const NOW = new Date('2026-11-29T21:05:07.123Z');
let alice: TestIdentity;
let bob: TestIdentity;

beforeAll(async () => {
  [alice, bob] = await Promise.all([ageKeygen(), ageKeygen()]);
});
afterAll(async () => {
  await Promise.all([alice?.remove(), bob?.remove()]);
});

function sopsBlock(text: string): { age: Array<{ recipient: string; enc: string }>; [key: string]: unknown } {
  return (parse(text) as { sops: { age: Array<{ recipient: string; enc: string }> } }).sops;
}

describe('encryptSopsYaml round trips', () => {
  it('encrypts only data/stringData with encrypted_regex; the age CLI and sops-age both decrypt it, MAC verified', async () => {
    const encrypted = await encryptSopsYaml(SECRET, 'apps/app-secret.sops.yaml', {
      recipients: [alice.recipient],
      selection: { encryptedRegex: '^(data|stringData)$' },
      now: NOW,
    });
    expect(encrypted).not.toContain('Hass-Recorder-2024!');
    expect(encrypted).toMatch(/DB_PASSWORD: ENC\[AES256_GCM,data:[^,]+,iv:[^,]+,tag:[^,]+,type:str\]/);
    expect(encrypted).toContain('name: app-secret');
    expect(encrypted).toContain('lastmodified: "2026-11-29T21:05:07Z"');
    expect(encrypted).toContain('encrypted_regex: ^(data|stringData)$');
    const sops = sopsBlock(encrypted);
    expect(sops.age.map((a) => a.recipient)).toEqual([alice.recipient]);
    expect(sops.age[0]!.enc).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+-----END AGE ENCRYPTED FILE-----\n$/);

    const dataKey = await ageDecrypt(alice, sops.age[0]!.enc);
    expect(dataKey).toHaveLength(32);
    const decoded = decodeSops(encrypted, dataKey);
    expect(decoded.values).toEqual(parse(SECRET));
    expect(decoded.computedMac).toBe(decoded.storedMac);

    const viaNpm = await decryptSops(encrypted, { secretKey: alice.secretKey, fileType: 'yaml' });
    expect(viaNpm).toEqual(parse(SECRET));
    expect(macOf(viaNpm)).toBe(decoded.storedMac);
  });

  it('encrypts every value but *_unencrypted by default, keeping types (int, float, bool) and list paths', async () => {
    const encrypted = await encryptSopsYaml(MIXED, 'x.sops.yaml', {
      recipients: [alice.recipient],
      selection: {},
      now: NOW,
    });
    expect(encrypted).toMatch(/count: ENC\[.*type:int\]/);
    expect(encrypted).toMatch(/ratio: ENC\[.*type:float\]/);
    expect(encrypted).toMatch(/whole: ENC\[.*type:float\]/);
    expect(encrypted).toMatch(/enabled: ENC\[.*type:bool\]/);
    expect(encrypted).toContain('token_unencrypted: visible');
    expect(encrypted).toContain('unencrypted_suffix: _unencrypted');
    const dataKey = await ageDecrypt(alice, sopsBlock(encrypted).age[0]!.enc);
    const decoded = decodeSops(encrypted, dataKey);
    expect(decoded.values).toEqual(parse(MIXED));
    expect(decoded.computedMac).toBe(decoded.storedMac);
    const viaNpm = await decryptSops(encrypted, { secretKey: alice.secretKey, fileType: 'yaml' });
    expect(viaNpm).toEqual(parse(MIXED));
  });

  it('a file with two recipients decrypts with either identity, to the same data key', async () => {
    const encrypted = await encryptSopsYaml(SECRET, 's.sops.yaml', {
      recipients: [alice.recipient, bob.recipient],
      selection: { encryptedRegex: '^(data|stringData)$' },
      now: NOW,
    });
    const [forAlice, forBob] = sopsBlock(encrypted).age;
    expect([forAlice!.recipient, forBob!.recipient]).toEqual([alice.recipient, bob.recipient]);
    const [keyA, keyB] = await Promise.all([ageDecrypt(alice, forAlice!.enc), ageDecrypt(bob, forBob!.enc)]);
    expect(keyA.equals(keyB)).toBe(true);
    await expect(ageDecrypt(alice, forBob!.enc)).rejects.toThrow();
    for (const identity of [alice, bob]) {
      const values = await decryptSops(encrypted, { secretKey: identity.secretKey, fileType: 'yaml' });
      expect(values.stringData.DB_PASSWORD).toBe('Hass-Recorder-2024!');
    }
  });

  it('changing one byte fails: of a ciphertext, GCM refuses it; of a clear value, the MAC does not match', async () => {
    const encrypted = await encryptSopsYaml(SECRET, 's.sops.yaml', {
      recipients: [alice.recipient],
      selection: { encryptedRegex: '^(data|stringData)$' },
      now: NOW,
    });
    const dataKey = await ageDecrypt(alice, sopsBlock(encrypted).age[0]!.enc);
    const flipped = encrypted.replace(/(DB_PASSWORD: ENC\[AES256_GCM,data:)(.)/, (_, head: string, c: string) => {
      return head + (c === 'A' ? 'B' : 'A');
    });
    expect(flipped).not.toBe(encrypted);
    expect(() => decodeSops(flipped, dataKey)).toThrow();
    await expect(decryptSops(flipped, { secretKey: alice.secretKey, fileType: 'yaml' })).rejects.toThrow();

    // A clear value changed (unencrypted metadata is in the MAC too): every value decrypts, the MAC does not match.
    const renamed = encrypted.replace('namespace: apps', 'namespace: appz');
    const decoded = decodeSops(renamed, dataKey);
    expect(decoded.computedMac).not.toBe(decoded.storedMac);
  });

  it('a fresh data key per file: the same input encrypts to different ciphertext and keys', async () => {
    const options = { recipients: [alice.recipient], selection: {}, now: NOW };
    const [a, b] = await Promise.all([encryptSopsYaml(SECRET, 'a', options), encryptSopsYaml(SECRET, 'a', options)]);
    const [keyA, keyB] = await Promise.all([
      ageDecrypt(alice, sopsBlock(a).age[0]!.enc),
      ageDecrypt(alice, sopsBlock(b).age[0]!.enc),
    ]);
    expect(keyA.equals(keyB)).toBe(false);
    expect(a).not.toBe(b);
  });

  it('refuses what sops could not write: several documents, an encrypted file, no recipient', async () => {
    const options = { recipients: [alice.recipient], selection: {}, now: NOW };
    await expect(encryptSopsYaml(`${SECRET}---\n${SECRET}`, 'two.yaml', options)).rejects.toThrow(
      'two.yaml: Triad encrypts files of exactly one YAML document',
    );
    const once = await encryptSopsYaml(SECRET, 'once.yaml', options);
    await expect(encryptSopsYaml(once, 'once.yaml', options)).rejects.toThrow('once.yaml is already SOPS-encrypted');
    await expect(encryptSopsYaml(SECRET, 'none.yaml', { ...options, recipients: [] })).rejects.toThrow(
      'no age recipient',
    );
  });
});
