import { describe, expect, it } from 'vitest';
import { hashFingerprint, hashToken, newToken, tokenName, verifyToken } from './token';

describe('tokens', () => {
  it('carry the user name, and only their scrypt hash verifies them', async () => {
    const token = newToken('alice');
    expect(tokenName(token)).toBe('alice');
    const hash = await hashToken(token);
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain(token.split('.')[2]);
    expect(await verifyToken(token, hash)).toBe(true);
    expect(await verifyToken(newToken('alice'), hash)).toBe(false);
    expect(await verifyToken(token, 'plain')).toBe(false);
  });

  it('salts each hash, so fingerprints differ for the same token', async () => {
    const token = newToken('bob');
    const [a, b] = [await hashToken(token), await hashToken(token)];
    expect(a).not.toBe(b);
    expect(hashFingerprint(a)).not.toBe(hashFingerprint(b));
  });

  it('rejects what is not a Triad token', () => {
    expect(tokenName('hello')).toBeUndefined();
    expect(tokenName('triad.YWxpY2U.short')).toBeUndefined();
  });
});
