import type { RoleModels, Session, TaskState } from '@triad/core';
import { sessionProgress } from '@triad/orchestrator';
import { hasRole } from '../auth/role';
import { when } from './format';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';
import { progressBar } from './progress-bar';

/** A session in the list, with how many of its tasks are in each state. */
export interface SessionRow {
  session: Session;
  taskCounts: Partial<Record<TaskState, number>>;
}

function row({ session, taskCounts }: SessionRow, now: number): Html {
  const progress = sessionProgress(session, now);
  const counts = Object.entries(taskCounts)
    .map(([state, count]) => html`<span class="tag ${state}">${state.replace('_', ' ')} ${count}</span>`)
    .map((tag) => html`${tag} `);
  return html`<article class="card session-row">
  <header>
    <a href="/sessions/${session.id}"><strong>${session.id}</strong></a>
    <span class="tag state-${session.state}">${session.state}${session.endReason ? ` · ${session.endReason}` : ''}</span>
    <span class="tag mode-${session.mode}">${session.mode}</span>
  </header>
  <p class="muted"><code>${session.repo.url}</code> (${session.repo.branch}) · started ${when(session.createdAt)}</p>
  ${session.goals.length ? html`<p>${session.goals.join(' · ')}</p>` : ''}
  ${progressBar('Time', progress.timeUsed, progress.timeLeft)}
  ${progressBar('Budget', progress.budgetUsed, progress.budget)}
  <p>${counts.length ? counts : html`<span class="muted">no tasks yet</span>`}</p>
</article>`;
}

function startForm(context: PageContext, defaults: RoleModels): Html {
  return html`<details class="card" open>
<summary><h2>Start a session</h2></summary>
<form method="post" action="/sessions" class="grid-form">
  <input type="hidden" name="_csrf" value="${context.csrfToken ?? ''}">
  <label>Repository <input name="repo" required placeholder="/srv/git/homelab.git or git@host:org/repo.git"></label>
  <label>Branch <input name="branch" value="main" required></label>
  <label>Mode
    <select name="mode">
      <option value="commit" selected>commit: push to the branch</option>
      <option value="pr">pr: a pull request per change, verified once merged</option>
      <option value="dry-run">dry-run: propose, push nothing</option>
    </select>
  </label>
  <label>Forge (pr mode) <select name="forge"><option value="">from the remote URL</option><option>github</option><option>gitea</option><option>gitlab</option></select></label>
  <label>Forge API URL (pr mode) <input name="forgeUrl" placeholder="https://git.example/api/v1"></label>
  <label>Forge owner/name (pr mode) <input name="forgeRepo" placeholder="homelab/gitops"></label>
  <label>Duration <input name="duration" value="8h" required pattern="(\\d+(\\.\\d+)?(ms|s|m|h|d))+" title="like 30m, 8h, 48h, 1h30m"></label>
  <label>Auto-approve up to
    <select name="autoApprove">
      <option value="low">low</option><option value="medium" selected>medium</option>
      <option value="high">high</option><option value="critical">critical</option>
    </select>
  </label>
  <label class="wide">Goals (one per line) <textarea name="goals" rows="2" placeholder="harden media apps"></textarea></label>
  <label>Max tokens <input name="maxTokens" type="number" min="1" step="1" inputmode="numeric"></label>
  <label>Max USD <input name="maxUsd" type="number" min="0.01" step="0.01" inputmode="decimal"></label>
  <label>Approvals wait at most <input name="approvalTimeout" value="4h" pattern="(\\d+(\\.\\d+)?(ms|s|m|h|d))+"></label>
  <label>Lead model <input name="lead" value="${defaults.lead}"></label>
  <label>Co-Lead model <input name="coLead" value="${defaults.coLead}"></label>
  <label>CIO model <input name="cio" value="${defaults.cio}"></label>
  <div class="wide"><button class="primary">Start session</button></div>
</form>
</details>`;
}

export function sessionsPage(context: PageContext, rows: SessionRow[], defaults: RoleModels, now = Date.now()): Html {
  const canStart = context.principal && hasRole(context.principal.role, 'approver');
  return layout(
    context,
    'Sessions',
    html`<h1>Sessions</h1>
${canStart ? startForm(context, defaults) : ''}
${rows.length ? rows.map((r) => row(r, now)) : html`<p class="card muted">No sessions yet.</p>`}`,
    'sessions',
  );
}
