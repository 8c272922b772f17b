import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(token: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(token, salt, KEY_LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A new token for `name`: `triad.<name, base64url>.<secret>`, so the user is found without trying every hash. */
export function newToken(name: string): string {
  return `triad.${Buffer.from(name).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
}

/** The user name a token claims, or undefined when it is not a Triad token. */
export function tokenName(token: string): string | undefined {
  const match = /^triad\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16,})$/.exec(token);
  return match ? Buffer.from(match[1] ?? '', 'base64url').toString() : undefined;
}

/** `scrypt$<salt>$<key>`: what configuration stores instead of the token. */
export async function hashToken(token: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(token, salt);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyToken(token: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(token, Buffer.from(salt, 'base64url'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A short, non-reversible fingerprint of a stored hash: a login cookie stops working when the token is replaced. */
export function hashFingerprint(stored: string): string {
  return createHash('sha256').update(stored).digest('base64url').slice(0, 12);
}
