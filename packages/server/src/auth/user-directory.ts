import { createHash } from 'node:crypto';
import type { RedisClient } from '@triad/orchestrator';
import { hashToken, newToken, tokenName, verifyToken } from './token';
import { StoredUser } from './user';

/** How long a verified token is trusted without running scrypt again (ms). */
const VERIFIED_TTL_MS = 60_000;

/**
 * The people who may use the server: those from configuration, or, when configuration names none, those the first start
 * created (kept in Redis, so every server on the prefix shares them).
 */
export class UserDirectory {
  private readonly verified = new Map<string, { name: string; until: number }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly configured: readonly StoredUser[],
    private readonly now: () => number = Date.now,
  ) {}

  async find(name: string): Promise<StoredUser | undefined> {
    if (this.configured.length > 0) return this.configured.find((user) => user.name === name);
    const raw = await this.redis.hget(this.key, name);
    return raw === null ? undefined : StoredUser.parse(JSON.parse(raw));
  }

  /** The user a token belongs to, or undefined. */
  async authenticate(token: string): Promise<StoredUser | undefined> {
    const name = tokenName(token);
    if (name === undefined) return undefined;
    const user = await this.find(name);
    if (!user) return undefined;
    const cacheKey = createHash('sha256').update(`${user.tokenHash}\n${token}`).digest('base64url');
    const cached = this.verified.get(cacheKey);
    if (cached && cached.until > this.now()) return user;
    if (!(await verifyToken(token, user.tokenHash))) return undefined;
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(cacheKey, { name, until: this.now() + VERIFIED_TTL_MS });
    return user;
  }

  /**
   * With no users configured and none created yet, creates `admin` and returns its token (to print once).
   * Exactly one server on the prefix wins; the others, and every later start, get undefined.
   */
  async ensureFirstAdmin(): Promise<string | undefined> {
    if (this.configured.length > 0) return undefined;
    if ((await this.redis.hlen(this.key)) > 0) return undefined;
    const token = newToken('admin');
    const user: StoredUser = { name: 'admin', role: 'admin', tokenHash: await hashToken(token) };
    const created = await this.redis.hsetnx(this.key, user.name, JSON.stringify(user));
    return created === 1 ? token : undefined;
  }
}
