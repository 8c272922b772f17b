import type { Task } from '@triad/core';
import type { Runtime } from '../runtime';
import { moveTask } from '../task-events';

/**
 * The branch moved under the change (a person's push, another session) and its edits no longer apply: the Lead
 * drafts it again on the new head, as the next revision, which is reviewed and assessed again. False when the task
 * has used its revisions (it then fails, as any change that cannot be applied).
 */
export async function redraft(
  rt: Pick<Runtime, 'tasks' | 'events' | 'enqueue'>,
  task: Task,
  maxRevisions: number,
  why: string,
): Promise<boolean> {
  if (task.revision >= maxRevisions) return false;
  const moved = await moveTask(rt, task, ['applying'], 'changes_requested', 'tool', {
    reason: `the branch moved before it landed: ${why}`,
  });
  if (moved) {
    const next = task.revision + 1;
    await rt.enqueue({ stage: 'draft', data: { sessionId: task.sessionId, taskId: task.id, revision: next } });
  }
  return true;
}
