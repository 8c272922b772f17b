import { isTerminal, Task, type TaskState, TriadError, transition } from '@triad/core';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { updateJson } from './optimistic';

export interface MoveOptions {
  reason?: string;
  /** Other fields to set in the same write. */
  patch?: Partial<Omit<Task, 'id' | 'sessionId' | 'state'>>;
}

/** Tasks, one JSON value each; every state change goes through the pure state machine and a compare-and-set. */
export class TaskStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly clock: () => Date,
  ) {}

  /** Creates the task unless a task with its id exists (a retried plan): returns whether it was created. */
  async create(task: Task): Promise<boolean> {
    // One transaction: a task is never in the session's list without being in its open set.
    const results = await this.redis
      .multi()
      .set(this.keys.task(task.id), JSON.stringify(task), 'NX')
      .zadd(this.keys.tasks(task.sessionId), 'NX', Date.parse(task.createdAt), task.id)
      .sadd(this.keys.openTasks(task.sessionId), task.id)
      .exec();
    const [error, created] = results?.[0] ?? [new Error(`creating task ${task.id}: the transaction was discarded`)];
    if (error) throw error;
    return created !== null;
  }

  /**
   * The session's tasks not in an end state, read without reading the others: a session of thousands of tasks asks
   * this each time one of them settles. The open set gains a task when it is created and loses it after its move to
   * an end state (end states have no way out), so it holds every open task, and at most a few settled ones a crash
   * left behind, which are dropped here. An empty set is checked against the whole list (once a cycle, when all has
   * settled): a session that a version without the set started is then indexed.
   */
  async open(sessionId: string): Promise<Task[]> {
    const key = this.keys.openTasks(sessionId);
    const ids = await this.redis.smembers(key);
    if (ids.length === 0) {
      const open = (await this.list(sessionId)).filter((task) => !isTerminal(task.state));
      if (open.length > 0) await this.redis.sadd(key, ...open.map((task) => task.id));
      return open;
    }
    const raws = await this.redis.mget(ids.map((id) => this.keys.task(id)));
    const open: Task[] = [];
    const settled: string[] = [];
    raws.forEach((raw, i) => {
      const task = raw === null ? undefined : parseTask(raw);
      if (task && !isTerminal(task.state)) open.push(task);
      else settled.push(ids[i]!);
    });
    if (settled.length > 0) await this.redis.srem(key, ...settled);
    return open;
  }

  async find(taskId: string): Promise<Task | undefined> {
    const raw = await this.redis.get(this.keys.task(taskId));
    return raw === null ? undefined : parseTask(raw);
  }

  async get(taskId: string): Promise<Task> {
    const task = await this.find(taskId);
    if (!task) {
      throw new TriadError(`no task ${taskId}: \`triad session show <session>\` lists its tasks`, {
        code: 'task_not_found',
        domain: 'user',
      });
    }
    return task;
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
    const update = await updateJson(this.redis, this.keys.task(taskId), parseTask, (task) => {
      if (!from.includes(task.state)) return undefined;
      return { ...transition(task, to, { at, reason: options.reason }), ...options.patch };
    });
    if (!update?.changed) return undefined;
    if (isTerminal(to)) await this.redis.srem(this.keys.openTasks(update.after.sessionId), taskId);
    return { before: update.before, after: update.after };
  }

  async patch(taskId: string, patch: Partial<Omit<Task, 'id' | 'sessionId' | 'state'>>): Promise<Task> {
    const at = this.clock().toISOString();
    const update = await updateJson(this.redis, this.keys.task(taskId), parseTask, (task) => ({
      ...task,
      ...patch,
      updatedAt: at,
    }));
    if (!update) throw new Error(`task ${taskId} vanished`);
    return update.after;
  }
}

function parseTask(raw: string): Task {
  return Task.parse(JSON.parse(raw));
}
