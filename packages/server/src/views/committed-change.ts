import type { Task } from '@triad/core';
import { diffView } from './diff-view';
import { type Html, html } from './html';

/**
 * What the commit holds when it is not what was approved (an ADR renumbered as it landed): each difference with why,
 * then the committed diff. Nothing when the commit is the approved change.
 */
export function committedChangeSection(task: Task): Html | string {
  const change = task.committedChange;
  if (!change || !task.commit) return '';
  return html`<section class="committed" id="committed-${task.id}">
  <h3>What was committed</h3>
  <div class="notice" role="note"><p>Commit <code>${task.commit.slice(0, 10)}</code> is not exactly the change that was approved:</p>
  <ul>${change.changes.map((line) => html`<li>${line}</li>`)}</ul></div>
  ${diffView(`c-${task.id}`, change.diff)}
</section>`;
}
