import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` (`<prefix>:*`), with SCAN so a large keyspace is never blocked. For tests, which
 * each run under a prefix of their own; never point it at a deployment's prefix.
 */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
