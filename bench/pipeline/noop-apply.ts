import { APPLY_CONTEXT, settleTask, stageHandler, taskOf } from '@triad/orchestrator/test-support';

/**
 * The apply stage without git: the task moves applying → applied and the session goes on, as after a push with no
 * cluster to verify (one move that also says whether other tasks are in flight, as apply's). Everything before it
 * (queues, flows, stores, events, state machine) is Triad's real code.
 */
export const noopApply = stageHandler(APPLY_CONTEXT, async (rt, job) => {
  const { taskId } = taskOf(job);
  const task = await rt.tasks.get(taskId);
  await settleTask(rt, task, ['applying'], 'applied', 'tool', { reason: 'bench: no-op apply' });
  return 'applied';
});
