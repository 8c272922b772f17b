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
  // The move and its line in the timeline are one write: a crash between them cannot lose the line.
  const moved = await rt.tasks.move(task.id, from, to, {
    ...options,
    record: (before, after) =>
      rt.events.entry(task.sessionId, {
        type: 'task.transition',
        actor,
        taskId: task.id,
        message: `${task.id} ${before.state} → ${to}${options.reason ? `: ${options.reason}` : ''}`,
        data: { from: before.state, to, revision: after.revision, risk: after.risk },
      }),
  });
  return moved?.after;
}
