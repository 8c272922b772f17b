import type { Session, Task, TriadEvent } from '@triad/core';
import { sessionProgress } from '@triad/orchestrator';
import { hasRole } from '../auth/role';
import { when } from './format';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';
import { progressBar } from './progress-bar';
import { type ProposedChange, proposalList } from './proposal-card';
import { taskBoard } from './task-board';
import { timeline } from './timeline';

export interface SessionView {
  session: Session;
  tasks: Task[];
  events: TriadEvent[];
  hasReport: boolean;
  /** Ids of the tasks that asked a person for approval (their cards link to it). */
  approvals?: ReadonlySet<string>;
  /** The tasks a dry run ended `proposed`, with their records; empty otherwise. */
  proposals?: readonly ProposedChange[];
}

function stopForm(context: PageContext, session: Session): Html {
  return html`<form method="post" action="/sessions/${session.id}/stop" data-confirm="Stop session ${session.id}? Open tasks are deferred.">
  <input type="hidden" name="_csrf" value="${context.csrfToken ?? ''}">
  <button class="danger">Stop session</button>
</form>`;
}

function noTasks(session: Session): Html {
  return session.state === 'running'
    ? html`<p class="muted" id="no-tasks">No tasks yet: the Lead plans them after observing the repository.</p>`
    : html`<p class="muted" id="no-tasks">The session planned no task.</p>`;
}

/** What the mode means for this session, after its name. */
function modeNote(session: Session): string {
  if (session.mode === 'dry-run') return ' (nothing is pushed)';
  if (session.mode === 'pr' && session.forge)
    return ` (a pull request per change on ${session.forge.kind} ${session.forge.repo})`;
  return '';
}

/** One session: its time box and budget, its tasks as a board, and a live timeline. */
export function sessionPage(context: PageContext, view: SessionView, now = Date.now()): Html {
  const progress = sessionProgress(view.session, now);
  const { session, tasks, events } = view;
  const running = session.state === 'running';
  const canStop = running && context.principal && hasRole(context.principal.role, 'approver');
  return layout(
    context,
    `Session ${session.id}`,
    html`<div class="title-row" data-session="${session.id}" data-state="${session.state}">
  <h1>Session <code>${session.id}</code></h1>
  <span class="tag state-${session.state}" id="session-state">${session.state}${session.endReason ? ` · ${session.endReason}` : ''}</span>
  ${canStop ? stopForm(context, session) : ''}
</div>
<section class="card">
  <p class="muted"><code>${session.repo.url}</code> (${session.repo.branch}) · started ${when(session.createdAt)} · deadline ${when(session.deadline)}</p>
  ${session.goals.length ? html`<p>Goals: ${session.goals.join(' · ')}</p>` : ''}
  <div${running ? html` data-deadline="${session.deadline}" data-created="${session.createdAt}"` : ''} class="time-box">${progressBar('Time', progress.timeUsed, progress.timeLeft)}</div>
  ${progressBar('Budget', progress.budgetUsed, progress.budget)}
  <p class="muted">Mode <strong id="session-mode">${session.mode}</strong>${modeNote(session)} · Auto-approve up to <strong>${session.autoApprove}</strong> · models: Lead ${session.models.lead}, Co-Lead ${session.models.coLead}, CIO ${session.models.cio}${session.endMessage ? ` · ${session.endMessage}` : ''}</p>
  ${view.hasReport ? html`<p><a class="button" href="/sessions/${session.id}/report">Read the report</a></p>` : ''}
</section>
<h2>Tasks</h2>
${tasks.length ? '' : noTasks(session)}
${taskBoard(tasks, view.approvals)}
${proposalList(view.proposals ?? [])}
<h2>Timeline</h2>
${timeline(session.id, events, session.state !== 'ended')}`,
    'sessions',
  );
}
