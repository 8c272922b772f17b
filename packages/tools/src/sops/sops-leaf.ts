import { createCipheriv } from 'node:crypto';

/** A scalar sops encrypts, with the type sops records for it. */
export type SopsLeaf =
  | { type: 'str'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean };

/** sops's nonce is 32 bytes, not GCM's usual 12. */
const IV_BYTES = 32;

/**
 * The bytes sops hashes into the MAC and encrypts for a leaf: the text, a decimal integer, the shortest decimal of a
 * float (Go's `FormatFloat(f, 'f', -1, 64)`, never an exponent), and booleans as `True`/`False` (sops's Python origin).
 */
export function leafBytes(leaf: SopsLeaf): Buffer {
  switch (leaf.type) {
    case 'str':
      return Buffer.from(leaf.value, 'utf8');
    case 'int':
      return Buffer.from(BigInt(leaf.value).toString(), 'utf8');
    case 'float':
      return Buffer.from(plainDecimal(leaf.value), 'utf8');
    case 'bool':
      return Buffer.from(leaf.value ? 'True' : 'False', 'utf8');
  }
}

/**
 * `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`: AES-256-GCM under the file's data key, a fresh random 32-byte IV, and
 * `additionalData` (the value's path, `a:b:c:`) authenticated. An empty string stays empty, as sops leaves it.
 */
export function encryptLeaf(leaf: SopsLeaf, dataKey: Buffer, additionalData: string, iv: Buffer): string {
  if (leaf.type === 'str' && leaf.value === '') return '';
  if (iv.length !== IV_BYTES) throw new Error(`a sops IV is ${IV_BYTES} bytes, got ${iv.length}`);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const data = Buffer.concat([cipher.update(leafBytes(leaf)), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${tag.toString('base64')},type:${leaf.type}]`;
}

export { IV_BYTES };

/** A float as Go's `strconv.FormatFloat(f, 'f', -1, 64)` writes it: shortest round-trip digits, no exponent. */
function plainDecimal(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  const [mantissa, exponentText] = text.toLowerCase().split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = mantissa.replace('-', '').split('.') as [string, string?];
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const out =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}
