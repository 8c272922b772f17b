import { TriadError } from '@triad/core';
import { Redis } from 'ioredis';

export interface RedisOptions {
  /**
   * `true`: a command fails after 3 reconnection attempts (short-lived commands that should say so and exit).
   * Default: every command waits for Redis to come back, as BullMQ workers and long-running followers need.
   */
  failFast?: boolean;
}

/** Longest pause between two reconnection attempts (ms). */
export const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * A constructed ioredis client, as BullMQ 6 in ESM wants it. It reconnects for ever (backoff capped at 2 s), queues
 * commands while Redis is away and sends them, and those it had sent without an answer, once it is back.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.failFast ? 3 : null,
    enableOfflineQueue: true,
    enableReadyCheck: true,
    autoResendUnfulfilledCommands: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
    lazyConnect: false,
  });
}

/** `url` without its password or user name, fit for a log line. */
export function redisUrlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured REDIS_URL';
  }
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
      `Redis is not reachable at ${redisUrlForLog(url)}: start one with \`redis-server --daemonize yes --save "" --appendonly no\` or set REDIS_URL`,
      { code: 'redis_unreachable', domain: 'redis', retryable: true, cause: error },
    );
  } finally {
    probe.disconnect();
  }
}
