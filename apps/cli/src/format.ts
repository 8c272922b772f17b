import type { Session, Task } from '@triad/core';

/** A plain-text table: columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `[#########-----------] 42%`. */
export function bar(fraction: number, width = 24): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(clamped * 100)}%`;
}

export function taskRows(tasks: Task[]): string[][] {
  return tasks.map((task) => [
    task.id,
    task.state,
    task.risk ?? '-',
    task.commit?.slice(0, 8) ?? (task.pullRequest ? `#${task.pullRequest.number}` : '-'),
    // An open pull request shows its link: that is where the person acts.
    task.state === 'pr_open' && task.pullRequest ? `${task.title} (${task.pullRequest.url})` : task.title,
  ]);
}

export const TASK_HEADER = ['TASK', 'STATE', 'RISK', 'COMMIT', 'TITLE'];

/** The `--json` shape of a session: the record plus its tasks. */
export function sessionJson(session: Session, tasks: Task[]) {
  return {
    ...session,
    tasks: tasks.map((task) => ({
      id: task.id,
      title: task.title,
      state: task.state,
      risk: task.risk ?? null,
      commit: task.commit ?? null,
      pullRequest: task.pullRequest ?? null,
      reason: task.reason ?? null,
      category: task.category,
      findingIds: task.findingIds,
    })),
  };
}
