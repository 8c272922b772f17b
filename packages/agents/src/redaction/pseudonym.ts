import { createHmac } from 'node:crypto';

/**
 * A stable stand-in for `value` within one session: the same value always gets the same one (across calls and
 * workers), and the stand-ins of two sessions cannot be correlated.
 */
export function pseudonym(sessionKey: string, kind: string, value: string, length = 8): string {
  return createHmac('sha256', sessionKey).update(`${kind}\0${value}`).digest('hex').slice(0, length);
}
