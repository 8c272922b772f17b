import type { Session, Task, TriadEvent } from '@triad/core';
import type { SessionProgress, Triad } from '@triad/orchestrator';
import { bar, TASK_HEADER, table, taskRows } from './format';

/**
 * Follows a session until it ends. On a terminal: a task list with states and a time-left bar, redrawn on every
 * event. Elsewhere (CI, pipes): one line per event.
 */
export async function followSession(triad: Triad, sessionId: string, out: NodeJS.WriteStream): Promise<Session> {
  let drawn = 0;
  const redraw = async () => {
    const { session, tasks } = await triad.sessions.show(sessionId);
    // Lines cut to the terminal's width, so none wraps and moving up `drawn` lines lands on the first one.
    const width = Math.max(20, (out.columns ?? 120) - 1);
    const lines = screen(session, tasks, triad.sessions.progress(session))
      .split('\n')
      .map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    out.write(`${drawn > 0 ? `\r\x1b[${drawn}A\x1b[J` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  let pending = Promise.resolve();
  const schedule = () => {
    pending = pending.then(redraw);
  };
  const ticker = out.isTTY ? setInterval(schedule, 1000) : undefined;
  try {
    const session = await triad.sessions.waitForEnd(sessionId, {
      onEvent: (event: TriadEvent) => {
        if (out.isTTY) schedule();
        else out.write(`${event.at.slice(11, 19)} ${event.actor.padEnd(7)} ${event.message}\n`);
      },
    });
    if (out.isTTY) schedule();
    await pending;
    return session;
  } finally {
    clearInterval(ticker);
  }
}

function screen(session: Session, tasks: Task[], progress: SessionProgress): string {
  return [
    `session ${session.id}  ${session.state}  ${progress.timeLeft}`,
    `time   ${bar(progress.timeUsed)}`,
    `budget ${progress.budget}`,
    '',
    tasks.length > 0 ? table(TASK_HEADER, taskRows(tasks)) : '(no tasks yet)',
  ].join('\n');
}
