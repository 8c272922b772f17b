import type { Session, Task } from '@triad/core';
import { readTrailerLog } from '@triad/tools';

/** What a fault did to one session: did it end well, and is every task's commit there exactly once. */
export interface SessionFigures {
  completed: boolean;
  endReason: string;
  tasks: number;
  applied: number;
  /** Commits beyond the first that carry one task's trailer. */
  duplicates: number;
  /** Applied tasks without their commit on the branch, and commits on the branch whose task does not know them. */
  lost: number;
}

export async function sessionFigures(remote: string, session: Session, tasks: Task[]): Promise<SessionFigures> {
  const commits = await readTrailerLog(remote, session.repo.branch);
  let duplicates = 0;
  let lost = 0;
  for (const task of tasks) {
    const carrying = commits.filter((commit) => commit.trailers['Triad-Task'] === task.id);
    duplicates += Math.max(0, carrying.length - 1);
    const landed = ['applied', 'verifying', 'verified', 'rolled_back'].includes(task.state);
    if (landed && !carrying.some((commit) => commit.sha === task.commit)) lost += 1;
    if (!landed && carrying.length > 0) lost += 1;
  }
  return {
    completed: session.state === 'ended' && session.endReason === 'completed',
    endReason: session.endReason ?? session.state,
    tasks: tasks.length,
    applied: tasks.filter((task) => task.state === 'applied' || task.state === 'verified').length,
    duplicates,
    lost,
  };
}
