import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChatModel } from '@triad/llm';
import type { RedisClient } from './redis';
import { luaScript } from './stores/lua';

/** At most `max` model calls in any `windowMs`. */
export interface CallLimit {
  max: number;
  windowMs: number;
}

/**
 * A sliding window on a sorted set, timed by Redis's own clock so every process agrees: records the call and returns
 * 0 when the window has room, else how many ms until its oldest call leaves it.
 */
const TAKE = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`);

/** Gives out model calls under one `CallLimit`, across every process that shares `key` on this Redis. */
export class CallLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly limit: CallLimit,
  ) {
    if (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.windowMs > 0)) {
      throw new Error(`a call limit needs max ≥ 1 and a window > 0 ms, got ${limit.max} per ${limit.windowMs} ms`);
    }
  }

  /** Takes a call now if the window has room; else says how long until it may have. */
  async tryTake(): Promise<{ taken: true } | { taken: false; retryInMs: number }> {
    const wait = Number(await TAKE(this.redis, [this.key], [this.limit.windowMs, this.limit.max, randomUUID()]));
    return wait === 0 ? { taken: true } : { taken: false, retryInMs: wait };
  }

  /** Waits for a call (rejecting when `signal` aborts); returns how long it waited for the window, 0 when it did not. */
  async take(signal?: AbortSignal): Promise<number> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await this.tryTake();
      if (outcome.taken) return attempt === 0 ? 0 : Date.now() - started;
      // An abort rejects with the signal's reason (deadline, stop, budget), as the provider call itself would.
      await delay(outcome.retryInMs, undefined, signal ? { signal } : {}).catch((error: unknown) => {
        throw signal?.aborted ? signal.reason : error;
      });
    }
  }
}

/** `model`, taking a call from `limiter` before each request reaches the provider. */
export function limitCalls(model: ChatModel, limiter: CallLimiter, onWait?: (waitedMs: number) => void): ChatModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    spec: model.spec,
    async generate(request) {
      const waited = await limiter.take(request.signal);
      if (waited > 0) onWait?.(waited);
      return model.generate(request);
    },
  };
}
