import { TriadError } from '@triad/core';
import { Redis } from 'ioredis';

export interface RedisOptions {
  /** Workers need `true`: BullMQ's blocking commands must wait for Redis forever instead of failing. */
  forWorker?: boolean;
}

/** A constructed ioredis client, as BullMQ 6 in ESM wants it. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.forWorker ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

/** Fails fast, with a one-line hint, when nothing answers at `url`. */
export async function assertRedisReachable(url: string, timeoutMs = 2000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new TriadError(
      `Redis is not reachable at ${url}: start one with \`redis-server --daemonize yes --save "" --appendonly no\` or set REDIS_URL`,
      { code: 'redis_unreachable', domain: 'redis', retryable: true, cause: error },
    );
  } finally {
    probe.disconnect();
  }
}
