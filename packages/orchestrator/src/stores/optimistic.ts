import type { RedisClient } from '../redis';

/**
 * Sets KEYS[1] to ARGV[2] if it still holds ARGV[1]. Also 1 when it already holds ARGV[2]: the same write sent again,
 * because Redis went away after running it and before its answer arrived (the client resends unanswered commands).
 * A new value carries the time of its change, so another writer's value is never byte for byte the same.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  if ARGV[3] then
    redis.call('SREM', KEYS[2], ARGV[3])
    if KEYS[3] then redis.call('SADD', KEYS[3], ARGV[3]) end
  end
  return 1
end
if current == ARGV[2] then
  return 1
end
return 0`;

/** A set membership that moves with the write, in the same script: `member` leaves `from` and joins `to`. */
export interface IndexMove {
  member: string;
  from: string;
  /** Undefined: it only leaves `from`. */
  to?: string;
}

export interface JsonUpdate<T> {
  before: T;
  after: T;
  /** False when `change` left the value as it was. */
  changed: boolean;
}

/**
 * Read-modify-write of one JSON value: the write only lands if nobody changed the value since it was read
 * (compare-and-set in a Lua script), else it is read again and `change` runs again.
 * `change` returns the new value, or undefined to leave it as it is. Undefined when the key does not exist.
 * `index` names a set membership that changes with the value (a task's state index), written by the same script.
 */
export async function updateJson<T>(
  redis: RedisClient,
  key: string,
  parse: (raw: string) => T,
  change: (current: T) => T | undefined,
  maxAttempts = 50,
  index?: (before: T, after: T) => IndexMove | undefined,
): Promise<JsonUpdate<T> | undefined> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const raw = await redis.get(key);
    if (raw === null) return undefined;
    const before = parse(raw);
    const after = change(before);
    if (after === undefined) return { before, after: before, changed: false };
    const move = index?.(before, after);
    const written = move
      ? await redis.eval(
          COMPARE_AND_SET,
          move.to ? 3 : 2,
          key,
          move.from,
          ...(move.to ? [move.to] : []),
          raw,
          JSON.stringify(after),
          move.member,
        )
      : await redis.eval(COMPARE_AND_SET, 1, key, raw, JSON.stringify(after));
    if (written === 1) return { before, after, changed: true };
  }
  throw new Error(`could not update ${key}: too much contention`);
}
