import type { Actor, Task, TaskState } from '@triad/core';
import type { Runtime } from './runtime';
import type { MoveOptions } from './stores/task-store';

/** Moves a task and writes the move to the session's event log. Undefined when another actor moved it first. */
export async function moveTask(
  rt: Pick<Runtime, 'tasks' | 'events'>,
  task: Pick<Task, 'id' | 'sessionId'>,
  from: readonly TaskState[],
  to: TaskState,
  actor: Actor,
  options: MoveOptions = {},
): Promise<Task | undefined> {
  const moved = await rt.tasks.move(task.id, from, to, options);
  if (!moved) return undefined;
  await rt.events.append(task.sessionId, {
    type: 'task.transition',
    actor,
    taskId: task.id,
    message: `${task.id} ${moved.before.state} → ${to}${options.reason ? `: ${options.reason}` : ''}`,
    data: { from: moved.before.state, to, revision: moved.after.revision, risk: moved.after.risk },
  });
  return moved.after;
}
