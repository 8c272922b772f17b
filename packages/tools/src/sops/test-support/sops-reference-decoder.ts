import { createDecipheriv, createHash } from 'node:crypto';
import { parse } from 'yaml';

/**
 * A SOPS decoder written for tests from sops's documented format, independent of Triad's encryptor: it decrypts
 * every `ENC[…]` value with node:crypto and recomputes the MAC over the decrypted values, in document order.
 */
export interface DecodedSops {
  /** The document without its `sops` block, values in clear. */
  values: Record<string, unknown>;
  /** Upper-case hex SHA-512 over the values, as recomputed here. */
  computedMac: string;
  /** The MAC the file carries, decrypted. */
  storedMac: string;
}

const ENC = /^ENC\[AES256_GCM,data:(.*),iv:(.+),tag:(.+),type:(.+)\]$/;

export function decryptSopsValue(text: string, key: Buffer, aad: string): unknown {
  const match = ENC.exec(text);
  if (!match) throw new Error(`not a sops value: ${text.slice(0, 20)}`);
  const [, data, iv, tag, type] = match as unknown as [string, string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  if (type === 'int' || type === 'float') return Number(plain);
  if (type === 'bool') return plain === 'True';
  return plain;
}

export function decodeSops(text: string, dataKey: Buffer): DecodedSops {
  const { sops, ...rest } = parse(text) as Record<string, unknown> & { sops: Record<string, string> };
  const hash = createHash('sha512');
  const visit = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => visit(item, path));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, [...path, k])]));
    }
    if (value === null) return null;
    const clear =
      typeof value === 'string' && value.startsWith('ENC[')
        ? decryptSopsValue(value, dataKey, `${path.join(':')}:`)
        : value;
    hash.update(typeof clear === 'boolean' ? (clear ? 'True' : 'False') : String(clear));
    return clear;
  };
  const values = visit(rest, []) as Record<string, unknown>;
  const storedMac = String(decryptSopsValue(sops.mac!, dataKey, sops.lastmodified!));
  return { values, computedMac: hash.digest('hex').toUpperCase(), storedMac };
}

/** The MAC of already-decrypted values (another decoder's output), for comparing with the stored one. */
export function macOf(values: unknown): string {
  const hash = createHash('sha512');
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
    else if (value !== null) hash.update(typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value));
  };
  visit(values);
  return hash.digest('hex').toUpperCase();
}
