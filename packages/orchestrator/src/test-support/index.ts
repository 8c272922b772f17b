import type { TriadEvent } from '@triad/core';
import { Redis } from 'ioredis';
import type { Runtime } from '../runtime';

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

/** Waits (XREAD BLOCK, bounded) until one of the session's events satisfies `predicate`, and returns it. */
export async function waitForEvent(
  rt: Runtime,
  sessionId: string,
  predicate: (event: TriadEvent) => boolean,
  timeoutMs = 30_000,
): Promise<TriadEvent> {
  const blocking = rt.connect();
  const giveUp = Date.now() + timeoutMs;
  let cursor = '0-0';
  try {
    while (Date.now() < giveUp) {
      for (const event of await rt.events.waitFor(blocking, sessionId, cursor, 500)) {
        cursor = event.id ?? cursor;
        if (predicate(event)) return event;
      }
    }
    throw new Error(`no matching event in session ${sessionId} within ${timeoutMs} ms`);
  } finally {
    blocking.disconnect();
  }
}

/** Resolves `promise`, or fails after `ms` saying what did not happen. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Re-exported for tests and benches (never production code):
// - for one that swaps a stage's handler (`HANDLERS.apply = noopApply` in bench/pipeline): how a handler declares its
//   context (`stageHandler`, the apply stage's `APPLY_CONTEXT`), the task a job is about (`taskOf`), and the task move
//   and session step a handler ends with (`moveTask`, `continueSession`, or both at once as apply does: `settleTask`);
// - Redis servers of their own (`startRedisChild`, `startRedisCluster`, `startRedisSentinel`);
// - the scripted answers of a stub model provider that drafts the reference fixes (`planAnswer`, `fixFor`, …).
export { APPLY_CONTEXT } from '../handlers/apply';
export { taskOf } from '../handlers/context';
export { type Handler, stageHandler } from '../handlers/stage-handler';
export { continueSession, settleTask } from '../lifecycle';
export { type RedisChild, startRedisChild } from '../redis-child';
export { type RedisTopology, startRedisCluster, startRedisSentinel } from '../redis-topology';
export { moveTask } from '../task-events';
export { draftTaskId, firstUserText, fixFor, planAnswer, toolScript, toolTurns } from './model-stubs';
