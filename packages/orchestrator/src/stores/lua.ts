import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis';

/** A Lua script run by its SHA1; the source is sent only when Redis does not have it yet. */
export type LuaScript = (
  redis: RedisClient,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/**
 * `source` as a script that Redis runs by its digest (EVALSHA): the body crosses the wire once per server, not once per
 * call. A server that does not know it (the first call, a restart, another cluster node) answers NOSCRIPT, and the
 * call is made again with the body (EVAL), which also loads it.
 */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(source, keys.length, ...keys, ...args);
    }
  };
}
