import { isTerminal, Task, type TaskState, TriadError, transition } from '@triad/core';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { luaScript } from './lua';
import { type StreamEntry, updateJson } from './optimistic';
import type { RecordWrite } from './record-store';

export interface MoveOptions {
  reason?: string;
  /** An entry for the session's event log, appended by the same script as the move (never one without the other). */
  record?: (before: Task, after: Task) => StreamEntry;
  /** Other fields to set in the same write. */
  patch?: Partial<Omit<Task, 'id' | 'sessionId' | 'state'>>;
  /** Events the move goes with, appended by the same script before its own line (a proposal drafted, say). */
  events?: readonly StreamEntry[];
  /** A record written by the same script (the proposal that moves a task to review): none without the move. */
  save?: RecordWrite;
  /**
   * States (none of them an end state) the same script asks, after the move, whether any task of the session is in:
   * the answer is the result's `busy`.
   */
  busyIn?: readonly TaskState[];
}

/**
 * Creates the task (KEYS[1] = ARGV[1]) if it does not exist, lists it in its session (KEYS[2], scored by ARGV[2]) and
 * indexes it by state (KEYS[3]), all or nothing; ARGV[4], unless empty, is appended to the stream KEYS[4] as its
 * `event` field (the task's line in the timeline). 1 when it was created.
 */
const CREATE = luaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[3])
  if ARGV[4] ~= '' then redis.call('XADD', KEYS[4], '*', 'event', ARGV[4]) end
  return 1
end
return 0`);

/** Adds ARGV[2] to the state set KEYS[2] if the task KEYS[1] still holds ARGV[1] (it did not move since it was read). */
const REINDEX = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SADD', KEYS[2], ARGV[2])
end
return 0`);

/** 1 when any of the sets KEYS has a member, else 0: one round trip however many states are asked about. */
const ANY_MEMBER = luaScript(`
for _, key in ipairs(KEYS) do
  if redis.call('SCARD', key) > 0 then return 1 end
end
return 0`);

/** Tasks whose last value one process remembers (about 1–2 KB each). */
const TASKS_REMEMBERED = 4096;

/** End states are not indexed: asking for one is a mistake in the caller. */
export function indexable(state: TaskState): TaskState {
  if (isTerminal(state)) {
    throw new Error(`${state} is an end state: tasks in it are not indexed, list the session's tasks instead`);
  }
  return state;
}

/**
 * Tasks, one JSON value each; every state change goes through the pure state machine and a compare-and-set. Each
 * session keeps a set per state that is not an end state, changed by the same scripts as the tasks.
 */
export class TaskStore {
  /**
   * Each task's value as this process last read or wrote it, by id: a move compares against it instead of reading the
   * task again (a handler reads a task and moves it a moment later). Only a first guess: see `updateJson`'s `known`.
   */
  private readonly seen = new Map<string, { raw: string; task?: Task }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly clock: () => Date,
  ) {}

  /**
   * Creates the task unless a task with its id exists (a retried plan): returns whether it was created. `record` is
   * its line in the session's timeline, appended by the same script (never a task without its line, or the reverse).
   */
  async create(task: Task, record?: StreamEntry): Promise<boolean> {
    const raw = JSON.stringify(task);
    const created = await CREATE(
      this.redis,
      [
        this.keys.task(task.id),
        this.keys.tasks(task.sessionId),
        this.keys.tasksIn(task.sessionId, task.state),
        ...(record ? [record.stream] : []),
      ],
      [raw, Date.parse(task.createdAt), task.id, record?.event ?? ''],
    );
    if (created === 1) this.remember(task.id, raw, task);
    return created === 1;
  }

  /** The tasks with these ids that exist, in the order asked, in one read. */
  async many(taskIds: readonly string[]): Promise<Task[]> {
    if (taskIds.length === 0) return [];
    const raws = await this.redis.mget(taskIds.map((id) => this.keys.task(id)));
    return raws.flatMap((raw, i) => (raw === null ? [] : [this.fromStored(taskIds[i]!, raw)]));
  }

  /**
   * The task from its stored value as read (here, or by a step's one read of everything it needs: see step-read.ts).
   * A value this process read or wrote before is not parsed again: it was checked then.
   */
  fromStored(taskId: string, raw: string): Task {
    const known = this.seen.get(taskId);
    if (known?.raw === raw && known.task) return known.task;
    const task = parseTask(raw);
    this.remember(taskId, raw, task);
    return task;
  }

  private remember(taskId: string, raw: string, task?: Task): void {
    this.seen.delete(taskId);
    // Shared with every later read of the same value: frozen, so no caller changes what the next one gets.
    this.seen.set(taskId, { raw, ...(task ? { task: Object.freeze(task) } : {}) });
    if (this.seen.size > TASKS_REMEMBERED) this.seen.delete(this.seen.keys().next().value as string);
  }

  /**
   * The session's tasks in `states` (none of them an end state), read through the state index without reading the
   * session's other tasks: a session of thousands of tasks asks this each time one of them settles.
   */
  async inStates(sessionId: string, states: readonly TaskState[]): Promise<Task[]> {
    const ids = await this.indexed(sessionId, states);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.task(id)));
    return raws.filter((raw): raw is string => raw !== null).map(parseTask);
  }

  /** Whether any of the session's tasks is in one of `states` (none of them an end state). */
  async anyIn(sessionId: string, states: readonly TaskState[]): Promise<boolean> {
    const keys = states.map((state) => this.keys.tasksIn(sessionId, indexable(state)));
    return keys.length > 0 && (await ANY_MEMBER(this.redis, keys, [])) === 1;
  }

  /**
   * Indexes the tasks of a session that a version without the state index started; returns how many it added. Meant
   * for when nothing is open (it reads the whole list): each open task not in its state's set is added, unless it
   * moved meanwhile.
   */
  async reindex(sessionId: string): Promise<number> {
    const ids = await this.redis.zrange(this.keys.tasks(sessionId), 0, -1);
    if (ids.length === 0) return 0;
    const raws = await this.redis.mget(ids.map((id) => this.keys.task(id)));
    let added = 0;
    for (const raw of raws) {
      if (raw === null) continue;
      const task = parseTask(raw);
      if (isTerminal(task.state)) continue;
      const key = this.keys.tasksIn(sessionId, task.state);
      added += Number(await REINDEX(this.redis, [this.keys.task(task.id), key], [raw, task.id]));
    }
    return added;
  }

  private async indexed(sessionId: string, states: readonly TaskState[]): Promise<string[]> {
    const members = await Promise.all(
      states.map((state) => this.redis.smembers(this.keys.tasksIn(sessionId, indexable(state)))),
    );
    return members.flat();
  }

  async find(taskId: string): Promise<Task | undefined> {
    const raw = await this.redis.get(this.keys.task(taskId));
    return raw === null ? undefined : this.fromStored(taskId, raw);
  }

  async get(taskId: string): Promise<Task> {
    return taskOrMissing(taskId, await this.find(taskId));
  }

  async list(sessionId: string): Promise<Task[]> {
    const ids = await this.redis.zrange(this.keys.tasks(sessionId), 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.task(id)));
    return raws.filter((raw): raw is string => raw !== null).map(parseTask);
  }

  /**
   * Moves a task from one of `from` to `to`. Returns the task after the move, or undefined when the task was in
   * another state by then (another worker, a deadline or a person moved it first).
   */
  async move(taskId: string, from: readonly TaskState[], to: TaskState, options: MoveOptions = {}) {
    const at = this.clock().toISOString();
    const update = await updateJson(
      this.redis,
      this.keys.task(taskId),
      // The value this process last saw is not checked again (see `fromStored`).
      (raw) => this.fromStored(taskId, raw),
      (task) => {
        if (!from.includes(task.state)) return undefined;
        return { ...transition(task, to, { at, reason: options.reason }), ...options.patch };
      },
      {
        known: this.seen.get(taskId)?.raw,
        // The state index moves in the same script as the state: it is never out of step, even across a crash.
        index: (before, after) => ({
          member: taskId,
          from: this.keys.tasksIn(before.sessionId, before.state),
          ...(isTerminal(after.state) ? {} : { to: this.keys.tasksIn(after.sessionId, after.state) }),
        }),
        append: (before, after) => [
          ...(options.events ?? []),
          ...(options.record ? [options.record(before, after)] : []),
        ],
        ...(options.save
          ? { save: { key: options.save.key, field: options.save.field, value: options.save.json } }
          : {}),
        ...(options.busyIn
          ? {
              busy: (_before: Task, after: Task) =>
                options.busyIn!.map((state) => this.keys.tasksIn(after.sessionId, indexable(state))),
            }
          : {}),
      },
    );
    if (update) this.remember(taskId, update.raw, update.after);
    if (update?.changed) options.save?.landed();
    return update?.changed
      ? { before: update.before, after: update.after, ...(update.busy === undefined ? {} : { busy: update.busy }) }
      : undefined;
  }

  async patch(taskId: string, patch: Partial<Omit<Task, 'id' | 'sessionId' | 'state'>>): Promise<Task> {
    const at = this.clock().toISOString();
    const update = await updateJson(
      this.redis,
      this.keys.task(taskId),
      // The value this process last saw is not checked again (see `fromStored`).
      (raw) => this.fromStored(taskId, raw),
      (task) => ({ ...task, ...patch, updatedAt: at }),
      { known: this.seen.get(taskId)?.raw },
    );
    if (!update) throw new Error(`task ${taskId} vanished`);
    this.remember(taskId, update.raw, update.after);
    return update.after;
  }
}

/** The task, or the error that says there is no task `taskId` and where to look for the ones there are. */
export function taskOrMissing(taskId: string, task: Task | undefined): Task {
  if (task) return task;
  throw new TriadError(`no task ${taskId}: \`triad session show <session>\` lists its tasks`, {
    code: 'task_not_found',
    domain: 'user',
  });
}

function parseTask(raw: string): Task {
  return Task.parse(JSON.parse(raw));
}
