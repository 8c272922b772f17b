import type { Task, TaskState } from '@triad/core';
import { type Html, html } from './html';

/** The board's columns, left to right, and the states each one holds. */
export const BOARD_COLUMNS: ReadonlyArray<{ title: string; states: readonly TaskState[] }> = [
  { title: 'Planned', states: ['planned'] },
  { title: 'Drafting', states: ['drafting', 'changes_requested'] },
  { title: 'In review', states: ['under_review'] },
  { title: 'Waiting for a person', states: ['awaiting_approval', 'pr_open'] },
  { title: 'Applying', states: ['applying', 'verifying'] },
  { title: 'Done', states: ['applied', 'verified'] },
  { title: 'Proposed', states: ['proposed'] },
  { title: 'Stopped', states: ['rejected', 'failed', 'rolled_back', 'deferred', 'expired'] },
];

/** A forge link as an href: http(s) only, so a stored value cannot become a `javascript:` link. */
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

/**
 * One task's card: its title links to the task's page; its approval and its commit are linked in every state.
 * `/sessions/:id/tasks/:taskId/card` serves it alone, for the live board.
 */
export function taskCard(task: Task, hasApproval: boolean): Html {
  const waiting = task.state === 'awaiting_approval';
  const page = `/sessions/${task.sessionId}/tasks/${task.id}`;
  return html`<li class="task" id="task-${task.id}" data-task="${task.id}" data-state="${task.state}">
  <a class="title" href="${page}"><strong>${task.title}</strong></a>
  <span class="meta"><code>${task.id}</code> <span class="tag ${task.state}">${task.state.replace('_', ' ')}</span>${task.risk ? html` <span class="tag risk-${task.risk}">${task.risk}</span>` : ''}</span>
  ${task.approvedBy ? html`<span class="meta">approved by ${task.approvedBy}</span>` : ''}
  ${task.reason ? html`<span class="meta reason">${task.reason}</span>` : ''}
  ${task.commit ? html`<span class="meta">commit <a class="commit" href="${page}#commit"><code>${task.commit.slice(0, 10)}</code></a>${task.committedChange ? html` <span class="tag changed">not as approved</span>` : ''}</span>` : ''}
  ${waiting ? html`<a class="button" href="/approvals/${task.id}">Review the change</a>` : hasApproval ? html`<a class="meta approval-link" href="/approvals/${task.id}">approval</a>` : ''}
  ${task.pullRequest ? html`<a class="button" href="${safeUrl(task.pullRequest.url)}" rel="noopener noreferrer">Pull request #${task.pullRequest.number}</a>` : ''}
</li>`;
}

/**
 * Tasks as columns by state; the live view moves cards between columns as transitions arrive. Empty columns carry
 * `data-empty`, so the stylesheet narrows them on a desktop and puts them last on a phone.
 */
export function taskBoard(tasks: readonly Task[], approvals: ReadonlySet<string> = new Set()): Html {
  const columns = BOARD_COLUMNS.map((column) => {
    const mine = tasks.filter((task) => column.states.includes(task.state));
    return html`<section class="column" data-states="${column.states.join(' ')}"${mine.length === 0 ? html` data-empty` : ''}>
  <h3>${column.title} <span class="count">${mine.length}</span></h3>
  <ol>${mine.map((task) => taskCard(task, approvals.has(task.id)))}</ol>
</section>`;
  });
  // Hidden while there is no task: the live view shows it with the first card.
  return html`<div class="board"${tasks.length === 0 ? html` hidden` : ''}>${columns}</div>`;
}
