import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis';
import { luaScript } from './lua';

/**
 * Sets KEYS[1] to ARGV[2] if it still holds the value whose SHA-1 is ARGV[1] (the digest, not the value, crosses the
 * wire: a task's move would otherwise carry its old JSON beside the new one). With the write, in the same script:
 * ARGV[3] (unless empty) leaves the set KEYS[2] and, when ARGV[4] is '1', joins KEYS[3]; the field ARGV[6] (unless
 * empty) of the hash named by the next key is set to the last ARGV; each of the ARGV[5] entries after ARGV[7] is
 * appended to the stream named by the next key in turn, as its `event` field; and the ARGV[7] keys after those are
 * sets asked whether any has a member. 1 when the write landed (2 when one of those sets has a member), 3 when the key
 * already holds ARGV[2]: the same write sent again, because Redis went away after running it and before its answer
 * arrived (the client resends unanswered commands); a new value carries the time of its change, so another writer's
 * value is never byte for byte the same. 0 when another write came first.
 */
const COMPARE_AND_SET = luaScript(`
local current = redis.call('GET', KEYS[1])
if current and redis.sha1hex(current) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  local key = 2
  if ARGV[3] ~= '' then
    redis.call('SREM', KEYS[2], ARGV[3])
    key = 3
    if ARGV[4] == '1' then
      redis.call('SADD', KEYS[3], ARGV[3])
      key = 4
    end
  end
  if ARGV[6] ~= '' then
    redis.call('HSET', KEYS[key], ARGV[6], ARGV[#ARGV])
    key = key + 1
  end
  for i = 1, tonumber(ARGV[5]) do
    redis.call('XADD', KEYS[key], '*', 'event', ARGV[7 + i])
    key = key + 1
  end
  for i = 1, tonumber(ARGV[7]) do
    if redis.call('SCARD', KEYS[key]) > 0 then return 2 end
    key = key + 1
  end
  return 1
end
if current == ARGV[2] then
  return 3
end
return 0`);

/** A set membership that moves with the write, in the same script: `member` leaves `from` and joins `to`. */
export interface IndexMove {
  member: string;
  from: string;
  /** Undefined: it only leaves `from`. */
  to?: string;
}

/** An entry that is appended to a stream with the write, in the same script (a task's move and its event). */
export interface StreamEntry {
  stream: string;
  /** The `event` field's value. */
  event: string;
}

/** A field of a hash, and its value. */
export interface HashField {
  key: string;
  field: string;
  value: string;
}

export interface UpdateOptions<T> {
  /** Reads and writes before it gives up (each lost race costs one). Default 50. */
  maxAttempts?: number;
  /** A set membership that moves with the value, in the same script (a task's state index). */
  index?: (before: T, after: T) => IndexMove | undefined;
  /**
   * Entries appended to streams when the write lands, in the same script and in this order (once, even when Redis is
   * asked twice).
   */
  append?: (before: T, after: T) => StreamEntry | readonly StreamEntry[] | undefined;
  /** A hash field set when the write lands, in the same script (a record the write tells of). */
  save?: HashField;
  /**
   * Sets asked, once the write landed and in the same script, whether any has a member (whether a session still has
   * tasks in flight when one of them settles): `busy` in the result.
   */
  busy?: (before: T, after: T) => readonly string[];
  /**
   * The value as this process last read or wrote it: the first attempt compares against it instead of reading the key,
   * and a value that has moved on since costs one failed compare and a read, as any lost race does.
   */
  known?: string;
}

export interface JsonUpdate<T> {
  before: T;
  after: T;
  /** False when `change` left the value as it was. */
  changed: boolean;
  /** The value as it is stored now (as written, or as read when nothing changed). */
  raw: string;
  /**
   * Whether a set of `options.busy` had a member once the write landed; undefined when none was asked about, nothing
   * changed, or the write was found done by an earlier attempt.
   */
  busy?: boolean;
}

/**
 * Read-modify-write of one JSON value: the write only lands if nobody changed the value since it was read
 * (compare-and-set in a Lua script), else it is read again and `change` runs again.
 * `change` returns the new value, or undefined to leave it as it is. Undefined when the key does not exist.
 * `options` names what changes in the same script (a set membership, a stream entry) and the value last seen.
 */
export async function updateJson<T>(
  redis: RedisClient,
  key: string,
  parse: (raw: string) => T,
  change: (current: T) => T | undefined,
  options: UpdateOptions<T> = {},
): Promise<JsonUpdate<T> | undefined> {
  let known = options.known;
  for (let attempt = 0; attempt < (options.maxAttempts ?? 50); attempt++) {
    const guessed = known !== undefined;
    const raw = known ?? (await redis.get(key));
    known = undefined;
    if (raw === null) return undefined;
    const before = parse(raw);
    const after = change(before);
    if (after === undefined) {
      // Only a value read from Redis may say "nothing to do": the one remembered may be behind it.
      if (guessed) continue;
      return { before, after: before, changed: false, raw };
    }
    const move = options.index?.(before, after);
    const appended = options.append?.(before, after);
    const entries: readonly StreamEntry[] = appended === undefined ? [] : 'stream' in appended ? [appended] : appended;
    const save = options.save;
    const busy = options.busy?.(before, after) ?? [];
    const keys = [
      key,
      ...(move ? [move.from, ...(move.to ? [move.to] : [])] : []),
      ...(save ? [save.key] : []),
      ...entries.map((entry) => entry.stream),
      ...busy,
    ];
    const written = JSON.stringify(after);
    const landed = await COMPARE_AND_SET(redis, keys, [
      createHash('sha1').update(raw).digest('hex'),
      written,
      move?.member ?? '',
      move?.to ? '1' : '0',
      entries.length,
      save?.field ?? '',
      busy.length,
      ...entries.map((entry) => entry.event),
      ...(save ? [save.value] : []),
    ]);
    if (landed === 3) return { before, after, changed: true, raw: written };
    if (landed === 1 || landed === 2) {
      return { before, after, changed: true, raw: written, ...(busy.length > 0 ? { busy: landed === 2 } : {}) };
    }
  }
  throw new Error(`could not update ${key}: too much contention`);
}
