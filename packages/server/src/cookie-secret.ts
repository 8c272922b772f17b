import { randomBytes } from 'node:crypto';
import type { RedisClient } from '@triad/orchestrator';

/** The configured secret, or one generated once and kept in Redis, so every server on the prefix shares it. */
export async function cookieSecret(redis: RedisClient, key: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await redis.get(key);
  if (!secret) throw new Error(`could not keep the cookie secret at ${key}`);
  return secret;
}
