import type { TaskState } from '@triad/core';
import { compareNatural } from '../order';
import type { ReportInput, WrittenAdr } from '../report-input';

export interface Decision extends WrittenAdr {
  /** State the ADR's task ended in: an ADR of a rolled back task no longer holds. */
  taskState?: TaskState;
}

/** The ADRs the session wrote, by number, each with its task's end state. */
export function buildDecisions(input: ReportInput): Decision[] {
  const states = new Map(input.tasks.map((task) => [task.id, task.state]));
  return [...input.adrs]
    .sort((a, b) => a.number - b.number || compareNatural(a.path, b.path))
    .map(({ number, title, path, taskId }) => {
      const taskState = states.get(taskId);
      return { number, title, path, taskId, ...(taskState ? { taskState } : {}) };
    });
}
