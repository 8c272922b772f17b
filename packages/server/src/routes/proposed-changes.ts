import type { Task } from '@triad/core';
import type { Triad } from '@triad/orchestrator';
import type { ProposedChange } from '../views/proposal-card';

/** The records of every task a dry run ended `proposed` (or of every task given: `all`), at the task's latest revision. */
export async function proposedChanges(triad: Triad, tasks: readonly Task[], all = false): Promise<ProposedChange[]> {
  const proposed = all ? tasks : tasks.filter((task) => task.state === 'proposed');
  return Promise.all(proposed.map(async (task) => ({ task, ...(await triad.tasks.change(task)) })));
}
