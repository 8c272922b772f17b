import type { RedisClient } from '../redis';

const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0`;

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
 */
export async function updateJson<T>(
  redis: RedisClient,
  key: string,
  parse: (raw: string) => T,
  change: (current: T) => T | undefined,
  maxAttempts = 50,
): Promise<JsonUpdate<T> | undefined> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const raw = await redis.get(key);
    if (raw === null) return undefined;
    const before = parse(raw);
    const after = change(before);
    if (after === undefined) return { before, after: before, changed: false };
    const written = await redis.eval(COMPARE_AND_SET, 1, key, raw, JSON.stringify(after));
    if (written === 1) return { before, after, changed: true };
  }
  throw new Error(`could not update ${key}: too much contention`);
}
