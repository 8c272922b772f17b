import { APPLY_CONTEXT, continueSession, moveTask, stageHandler, taskOf } from '@triad/orchestrator/test-support';

/**
 * The apply stage without git: the task moves applying → applied and the session goes on, as after a push with no
 * cluster to verify. Everything before it (queues, flows, stores, events, state machine) is Triad's real code.
 */
export const noopApply = stageHandler(APPLY_CONTEXT, async (rt, job) => {
  const { taskId } = taskOf(job);
  const task = await rt.tasks.get(taskId);
  await moveTask(rt, task, ['applying'], 'applied', 'tool', { reason: 'bench: no-op apply' });
  await continueSession(rt, task.sessionId);
  return 'applied';
});
