import { Task, type TaskState, TriadError, transition } from '@triad/core';
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
    const created = await this.redis.set(this.keys.task(task.id), JSON.stringify(task), 'NX');
    await this.redis.zadd(this.keys.tasks(task.sessionId), 'NX', Date.parse(task.createdAt), task.id);
    return created !== null;
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
    return update?.changed ? { before: update.before, after: update.after } : undefined;
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
