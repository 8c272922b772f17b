import { posix } from 'node:path';
import type { TaskState } from '@triad/core';
import { compareNatural } from '../order';
import type { ReportInput, WrittenAdr } from '../report-input';

export interface Decision extends WrittenAdr {
  /** State the ADR's task ended in: an ADR of a rolled back task no longer holds. */
  taskState?: TaskState;
  /** The ADR file relative to the report's folder, URL-encoded: a link that works where the repository is browsed. */
  href?: string;
}

/** `to` relative to the folder `from`, both repo-relative, each segment URL-encoded (`../adr/0001-x.md`). */
export function relativeLink(from: string, to: string): string {
  return (
    posix
      .relative(from, to)
      .split('/')
      // Parentheses too: an unbalanced one would end a Markdown link early.
      .map((segment) =>
        segment === '..'
          ? segment
          : encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
      )
      .join('/')
  );
}

/** The ADRs the session wrote, by number, each with its task's end state. */
export function buildDecisions(input: ReportInput): Decision[] {
  const states = new Map(input.tasks.map((task) => [task.id, task.state]));
  return [...input.adrs]
    .sort((a, b) => a.number - b.number || compareNatural(a.path, b.path))
    .map(({ number, title, path, taskId }) => {
      const taskState = states.get(taskId);
      const href = input.reportDir === undefined ? undefined : relativeLink(input.reportDir, path);
      return { number, title, path, taskId, ...(taskState ? { taskState } : {}), ...(href ? { href } : {}) };
    });
}
