import type { Session, Task, TaskState } from '@triad/core';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { luaScript } from './lua';
import type { RecordStore } from './record-store';
import { type SessionStore, sessionOrMissing } from './session-store';
import { indexable, type TaskStore, taskOrMissing } from './task-store';

/**
 * The session (KEYS[1]) with its usage counters (KEYS[2]), the task (KEYS[3]) and the fields ARGV of the session's
 * records hash (KEYS[4]), in one script. A missing value is false, which reaches the client as null.
 */
const READ_STEP = luaScript(`
local out = { redis.call('GET', KEYS[1]) or false, redis.call('HGETALL', KEYS[2]), redis.call('GET', KEYS[3]) or false }
for i = 1, #ARGV do out[3 + i] = redis.call('HGET', KEYS[4], ARGV[i]) or false end
return out`);

/** What a task's step reads before it works. */
export interface StepState {
  session: Session;
  task: Task;
  /** Whether the session has the record `field` (asked for in the read, or kept by this process). */
  has(field: string): boolean;
}

/**
 * A task's step reads its session, its task and the records it is about to read in one round trip, where it used to
 * make one for each (two for the session): a round trip costs a worker a few dozen microseconds of CPU, and a task
 * made about 30 of Triad's own. Records this process keeps are not asked for; the ones read are kept, so the step's own
 * reads of them find them here. Each store parses only what it has not seen. The same errors as the stores' own
 * reads when the session or the task does not exist.
 */
export async function readStep(
  rt: { redis: RedisClient; keys: RedisKeys; sessions: SessionStore; tasks: TaskStore; records: RecordStore },
  sessionId: string,
  taskId: string,
  fields: readonly string[] = [],
): Promise<StepState> {
  const asked = rt.records.unknown(sessionId, fields);
  const reply = (await READ_STEP(
    rt.redis,
    [rt.keys.session(sessionId), rt.keys.usage(sessionId), rt.keys.task(taskId), rt.keys.records(sessionId)],
    asked,
  )) as [string | null, string[], string | null, ...(string | null)[]];
  const [sessionRaw, usage, taskRaw, ...records] = reply;
  const session = sessionOrMissing(sessionId, rt.sessions.fromStored(sessionId, sessionRaw, pairs(usage)));
  const task = taskOrMissing(taskId, taskRaw === null ? undefined : rt.tasks.fromStored(taskId, taskRaw));
  const found = new Set<string>();
  asked.forEach((field, i) => {
    const raw = records[i];
    if (raw === null || raw === undefined) return;
    found.add(field);
    rt.records.learn(sessionId, field, raw);
  });
  return { session, task, has: (field) => found.has(field) || rt.records.has(sessionId, field) };
}

/**
 * The session (KEYS[1]) with its usage counters (KEYS[2]), and 1 when any of the sets KEYS[3..] has a member (else 0),
 * in one script.
 */
const READ_SETTLING = luaScript(`
local any = 0
for i = 3, #KEYS do
  if redis.call('SCARD', KEYS[i]) > 0 then
    any = 1
    break
  end
end
return { redis.call('GET', KEYS[1]) or false, redis.call('HGETALL', KEYS[2]), any }`);

/**
 * What a session asks each time one of its tasks settles, in one round trip: the session, and whether any of its
 * tasks is in one of `states` (none of them an end state: see `TaskStore.anyIn`).
 */
export async function readSettling(
  rt: { redis: RedisClient; keys: RedisKeys; sessions: SessionStore },
  sessionId: string,
  states: readonly TaskState[],
): Promise<{ session: Session; anyIn: boolean }> {
  const keys = states.map((state) => rt.keys.tasksIn(sessionId, indexable(state)));
  const [raw, usage, any] = (await READ_SETTLING(
    rt.redis,
    [rt.keys.session(sessionId), rt.keys.usage(sessionId), ...keys],
    [],
  )) as [string | null, string[], number];
  return {
    session: sessionOrMissing(sessionId, rt.sessions.fromStored(sessionId, raw, pairs(usage))),
    anyIn: any === 1,
  };
}

/** A hash as HGETALL answers inside a script: field, value, field, value, … */
function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
