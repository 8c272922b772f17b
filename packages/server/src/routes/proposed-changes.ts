import type { Task } from '@triad/core';
import type { Runtime } from '@triad/orchestrator';
import type { ProposedChange } from '../views/proposal-card';

/** The records of every task a dry run ended `proposed` (or of every task given: `all`), at the task's latest revision. */
export async function proposedChanges(rt: Runtime, tasks: readonly Task[], all = false): Promise<ProposedChange[]> {
  const proposed = all ? tasks : tasks.filter((task) => task.state === 'proposed');
  return Promise.all(
    proposed.map(async (task) => {
      const [proposal, review, assessment] = await Promise.all([
        rt.records.proposal(task.sessionId, task.id, task.revision),
        rt.records.review(task.sessionId, task.id, task.revision),
        rt.records.assessment(task.sessionId, task.id, task.revision),
      ]);
      return {
        task,
        ...(proposal ? { proposal } : {}),
        ...(review ? { review } : {}),
        ...(assessment ? { assessment } : {}),
      };
    }),
  );
}
