import { randomBytes } from 'node:crypto';
import type { RedisClient } from '@triad/orchestrator';
import { z } from 'zod';

export const LOGIN_COOKIE = 'triad_login';
/** How long a login lasts (ms). */
export const LOGIN_TTL_MS = 12 * 60 * 60 * 1000;

/** What the server keeps for one login. The cookie carries only the login's random id. */
const Login = z.object({
  /** User name. */
  n: z.string(),
  /** Fingerprint of the user's token hash at login: a replaced token ends the login. */
  f: z.string(),
});
export type Login = z.infer<typeof Login>;

/**
 * Logins kept in Redis (shared by every server on the prefix) under a random id, so that logging out ends the login
 * everywhere: a copy of the cookie made before is worth nothing after.
 */
export class LoginSessions {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly ttlMs: number = LOGIN_TTL_MS,
  ) {}

  /** Starts a login; the id goes into the (signed) cookie. */
  async start(login: Login): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(id), JSON.stringify(login), 'PX', this.ttlMs);
    return id;
  }

  /** The login behind an id, or undefined when it ended, expired or never was. */
  async find(id: string): Promise<Login | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.redis.get(this.key(id));
    if (raw === null) return undefined;
    const parsed = Login.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  /** Ends a login at once. */
  async end(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `${this.keyPrefix}:${id}`;
  }
}
