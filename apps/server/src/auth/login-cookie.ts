import { z } from 'zod';

export const LOGIN_COOKIE = 'triad_login';
/** How long a login lasts (ms). */
export const LOGIN_TTL_MS = 12 * 60 * 60 * 1000;

/** What the signed login cookie carries: who, until when, and which token they logged in with. */
const LoginClaims = z.object({
  /** User name. */
  n: z.string(),
  /** Expiry, epoch ms. */
  e: z.number(),
  /** Fingerprint of the user's token hash at login: a replaced token ends the login. */
  f: z.string(),
});
export type LoginClaims = z.infer<typeof LoginClaims>;

export function encodeLogin(claims: LoginClaims): string {
  return Buffer.from(JSON.stringify(claims)).toString('base64url');
}

/** The claims of an (already signature-checked) cookie value, or undefined when it is malformed or expired. */
export function decodeLogin(value: string, now: number): LoginClaims | undefined {
  try {
    const claims = LoginClaims.parse(JSON.parse(Buffer.from(value, 'base64url').toString()));
    return claims.e > now ? claims : undefined;
  } catch {
    return undefined;
  }
}
