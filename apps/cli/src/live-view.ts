import type { Session, Task, TriadEvent } from '@triad/core';
import { type Runtime, waitForSessionEnd } from '@triad/orchestrator';
import { bar, budgetLine, TASK_HEADER, table, taskRows, timeLeft, timeUsedFraction } from './format';

/**
 * Follows a session until it ends. On a terminal: a task list with states and a time-left bar, redrawn on every
 * event. Elsewhere (CI, pipes): one line per event.
 */
export async function followSession(rt: Runtime, sessionId: string, out: NodeJS.WriteStream): Promise<Session> {
  let drawn = 0;
  const redraw = async () => {
    const [session, tasks] = await Promise.all([rt.sessions.get(sessionId), rt.tasks.list(sessionId)]);
    const text = screen(session, tasks);
    if (drawn > 0) out.write(`\x1b[${drawn}A\x1b[J`);
    out.write(`${text}\n`);
    drawn = text.split('\n').length;
  };
  let pending = Promise.resolve();
  const session = await waitForSessionEnd(rt, sessionId, {
    onEvent: (event: TriadEvent) => {
      if (out.isTTY) pending = pending.then(redraw);
      else out.write(`${event.at.slice(11, 19)} ${event.actor.padEnd(7)} ${event.message}\n`);
    },
  });
  await pending;
  if (out.isTTY) await redraw();
  return session;
}

function screen(session: Session, tasks: Task[]): string {
  return [
    `session ${session.id}  ${session.state}  ${timeLeft(session)}`,
    `time   ${bar(timeUsedFraction(session))}`,
    `budget ${budgetLine(session)}`,
    '',
    tasks.length > 0 ? table(TASK_HEADER, taskRows(tasks)) : '(no tasks yet)',
  ].join('\n');
}
