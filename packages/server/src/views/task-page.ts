import type { Session, Task, TriadEvent } from '@triad/core';
import type { ApprovalRecord } from '@triad/orchestrator';
import { decidedLine } from './approval-card';
import { committedChangeSection } from './committed-change';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';
import { type ProposedChange, proposalCard } from './proposal-card';
import { timelineItem } from './timeline';

export interface TaskView {
  session: Pick<Session, 'id' | 'repo'>;
  /** The task's records at its latest revision. */
  change: ProposedChange & { task: Task };
  approval?: ApprovalRecord;
  /** The session's events about this task, oldest first. */
  events: readonly TriadEvent[];
}

function approvalLine(task: Task, approval: ApprovalRecord | undefined): Html {
  if (!approval)
    return html`<p class="muted" id="approval">No person was asked: its risk was within the session's auto-approve level, or it never got that far.</p>`;
  const status = approval.status === 'pending' ? html`it waits for a person` : decidedLine(approval);
  return html`<p id="approval"><a href="/approvals/${task.id}">Approval of revision ${approval.revision}</a>: ${status}.</p>`;
}

function commitSection(session: TaskView['session'], task: Task): Html {
  if (!task.commit)
    return html`<section id="commit"><h2>Commit</h2><p class="muted">Nothing committed: the task is ${task.state.replace('_', ' ')}.</p></section>`;
  return html`<section id="commit"><h2>Commit</h2>
<p>Commit <code class="sha">${task.commit}</code> on <code>${session.repo.branch}</code> of <code>${session.repo.url}</code>${task.revertCommit ? html`, reverted by <code>${task.revertCommit}</code>` : ''}.</p>
${committedChangeSection(task)}
</section>`;
}

/** One task in every state: where it stands, its approval, its commit, its latest change and what happened to it. */
export function taskPage(context: PageContext, view: TaskView): Html {
  const { task } = view.change;
  return layout(
    context,
    `Task ${task.id}`,
    html`<div class="title-row"><h1>${task.title}</h1> <span class="tag ${task.state}">${task.state.replace('_', ' ')}</span></div>
<p class="muted">Task <code>${task.id}</code> of session <a href="/sessions/${view.session.id}">${view.session.id}</a> · ${task.category} · revision ${task.revision}${task.reason ? html` · ${task.reason}` : ''}</p>
${approvalLine(task, view.approval)}
${commitSection(view.session, task)}
<h2>${task.committedChange && task.commit ? 'The change as approved' : 'The change'}</h2>
${proposalCard(view.change)}
<h2>What happened</h2>
<ol class="timeline">${[...view.events].reverse().map(timelineItem)}</ol>`,
    'sessions',
  );
}
