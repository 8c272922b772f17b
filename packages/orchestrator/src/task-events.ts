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
  return (await moveRecorded(rt, task, from, to, actor, options))?.after;
}

/** `moveTask`, with what the store's move answers: the task before and after, and `busy` when `busyIn` asked. */
export async function moveRecorded(
  rt: Pick<Runtime, 'tasks' | 'events'>,
  task: Pick<Task, 'id' | 'sessionId'>,
  from: readonly TaskState[],
  to: TaskState,
  actor: Actor,
  options: MoveOptions = {},
) {
  // The move and its line in the timeline are one write: a crash between them cannot lose the line.
  return rt.tasks.move(task.id, from, to, {
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
}
