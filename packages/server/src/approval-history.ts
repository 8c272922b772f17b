import { type Approval, ApprovalStatus, RiskLevel, type Task } from '@triad/core';
import type { Triad } from '@triad/orchestrator';
import { z } from 'zod';

/** A form's "any" (an empty field) is no filter. */
function blankAsUnset(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** Which approvals to list: every field narrows the list; none lists them all. */
export const ApprovalFilter = z.object({
  /** Only this session's approvals. */
  session: z.preprocess(blankAsUnset, z.string().trim().max(100).optional()),
  /** Only approvals in this state. */
  state: z.preprocess(blankAsUnset, ApprovalStatus.optional()),
  /** Only approvals at this risk level. */
  risk: z.preprocess(blankAsUnset, RiskLevel.optional()),
});
export type ApprovalFilter = z.infer<typeof ApprovalFilter>;

/** One decision (or a request still waiting) with the task it is about. */
export interface ApprovalEntry {
  approval: Approval;
  task: Pick<Task, 'id' | 'sessionId' | 'title' | 'state' | 'commit' | 'revision'>;
  /** True when a later revision of the task asked for approval again (a person asked for changes). */
  superseded: boolean;
}

/** How many sessions, newest first, the history reads when it is not narrowed to one. */
const SESSIONS_READ = 100;

/** Approvals of the newest sessions, waiting and decided (earlier revisions too), newest request first. */
export async function approvalHistory(triad: Triad, filter: ApprovalFilter): Promise<ApprovalEntry[]> {
  const sessions = filter.session
    ? [await triad.sessions.get(filter.session)]
    : await triad.sessions.list(SESSIONS_READ);
  const perSession = await Promise.all(
    sessions.map(async (session) => {
      const tasks = await triad.tasks.list(session.id);
      const found = await Promise.all(
        tasks.map(async (task) => ({ task, record: await triad.approvals.find(task.id) })),
      );
      return found.flatMap(({ task, record }): ApprovalEntry[] => {
        if (!record) return [];
        const { earlier, signoffs: _signoffs, ...latest } = record;
        const summary = {
          id: task.id,
          sessionId: task.sessionId,
          title: task.title,
          state: task.state,
          commit: task.commit,
          revision: task.revision,
        };
        return [
          { approval: latest, task: summary, superseded: false },
          ...earlier.map((approval) => ({ approval, task: summary, superseded: true })),
        ];
      });
    }),
  );
  return perSession
    .flat()
    .filter(
      ({ approval }) =>
        (!filter.state || approval.status === filter.state) && (!filter.risk || approval.level === filter.risk),
    )
    .sort((a, b) => b.approval.requestedAt.localeCompare(a.approval.requestedAt));
}
