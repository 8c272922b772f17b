import type { Socket } from 'node:net';
import { TriadError } from '@triad/core';
import { Cluster, type RedisOptions as IORedisOptions, Redis } from 'ioredis';
import { parseRedisTarget, redisTargetForLog } from './redis-target';

/** A connection to Triad's Redis: one server (also behind Sentinels) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisOptions {
  /**
   * `true`: a command fails after 3 reconnection attempts (short-lived commands that should say so and exit).
   * Default: every command waits for Redis to come back, as BullMQ workers and long-running followers need.
   */
  failFast?: boolean;
}

/** Longest pause between two reconnection attempts (ms). */
export const MAX_RECONNECT_DELAY_MS = 2000;

const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS);

/**
 * A constructed ioredis client, as BullMQ 6 in ESM wants it, for the address in `url` (see `parseRedisTarget`). It
 * reconnects for ever (backoff capped at 2 s), queues commands while Redis is away and sends them, and those it had
 * sent without an answer, once it is back.
 */
export function createRedis(url: string, options: RedisOptions = {}): RedisClient {
  const target = parseRedisTarget(url);
  const common: IORedisOptions = {
    maxRetriesPerRequest: options.failFast ? 3 : null,
    enableOfflineQueue: true,
    enableReadyCheck: true,
    autoResendUnfulfilledCommands: true,
    retryStrategy: backoff,
    lazyConnect: false,
  };
  switch (target.kind) {
    case 'standalone':
      return coalesceWrites(new Redis(url, common));
    case 'sentinel':
      return coalesceWrites(
        new Redis({
          ...common,
          sentinels: target.sentinels,
          name: target.name,
          db: target.db,
          username: target.username,
          password: target.password,
          sentinelPassword: target.sentinelPassword,
          sentinelRetryStrategy: backoff,
          ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        }),
      );
    case 'cluster': {
      const cluster = new Cluster(target.nodes, {
        clusterRetryStrategy: backoff,
        enableOfflineQueue: true,
        enableReadyCheck: true,
        lazyConnect: false,
        redisOptions: {
          ...common,
          username: target.username,
          password: target.password,
          ...(target.tls ? { tls: {} } : {}),
        },
      });
      // Each node's connection is a client of its own, made as the cluster finds the node.
      cluster.on('+node', (node: Redis) => coalesceWrites(node));
      return cluster;
    }
  }
}

/**
 * Makes the commands `client` sends in one turn of the event loop leave in one socket write. A worker's jobs resume
 * together when one reply packet answers several of them, and each then sends its next command: without this, each
 * command is a write system call of its own (on loopback, the kernel also runs the receiving side of TCP inside that
 * call). The socket is corked at the first write of a turn and uncorked once the turn's promise callbacks have run
 * (`process.nextTick` queued from them runs after the queue drains), so the writes go out as one `writev`. Measured in
 * bench/pipeline (round 9): socket-write time in a profile 400 → 160 ms per 1,000 tasks. ioredis's
 * `enableAutoPipelining` batches the same way but builds a Pipeline object (a copy of every script command BullMQ
 * defines) per batch, which cost more than it saved (round 8).
 */
export function coalesceWrites<T extends Redis>(client: T): T {
  // ioredis makes a new socket at each (re)connection; 'connect' comes before the commands queued meanwhile are sent.
  client.on('connect', () => {
    const socket = (client as unknown as { stream?: Socket }).stream;
    if (socket && !corked.has(socket)) corkPerTurn(socket);
  });
  return client;
}

const corked = new WeakSet<Socket>();

function corkPerTurn(socket: Socket): void {
  corked.add(socket);
  const write = socket.write;
  let open = false;
  const flush = () => {
    open = false;
    socket.uncork();
  };
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (!open) {
      open = true;
      socket.cork();
      process.nextTick(flush);
    }
    return write.apply(this, args);
  } as Socket['write'];
}

/** `url` without its password or user name, fit for a log line. */
export function redisUrlForLog(url: string): string {
  return redisTargetForLog(url);
}

/** Fails fast, with a one-line hint, when nothing answers at `url`. */
export async function assertRedisReachable(url: string, timeoutMs = 2000): Promise<void> {
  const target = parseRedisTarget(url);
  const probe =
    target.kind === 'standalone'
      ? new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          connectTimeout: timeoutMs,
          retryStrategy: () => null,
          enableOfflineQueue: false,
        })
      : createRedis(url, { failFast: true });
  probe.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    if (probe instanceof Redis && target.kind === 'standalone') await probe.connect();
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([probe.ping(), gaveUp]);
  } catch (error) {
    throw new TriadError(
      `Redis is not reachable at ${redisUrlForLog(url)}: start one with \`redis-server --daemonize yes --save "" --appendonly no\` or set REDIS_URL`,
      { code: 'redis_unreachable', domain: 'redis', retryable: true, cause: error },
    );
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}
