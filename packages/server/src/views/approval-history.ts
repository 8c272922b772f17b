import { APPROVAL_STATUSES, RISK_LEVELS } from '@triad/core';
import type { ApprovalEntry, ApprovalFilter } from '../approval-history';
import { moment } from './format';
import { type Html, html } from './html';

const selected = (on: boolean) => (on ? html` selected` : '');

/** The filters of /approvals: a plain GET form, so a filtered list is a link that can be shared. */
export function approvalFilterForm(filter: ApprovalFilter, sessions: readonly string[]): Html {
  const option = (value: string, current: string | undefined, label = value) =>
    html`<option value="${value}"${selected(value === current)}>${label.replace('_', ' ')}</option>`;
  return html`<form method="get" action="/approvals" class="filters card" id="approval-filters">
  <label>Session <select name="session"><option value="">any</option>${sessions.map((id) => option(id, filter.session))}</select></label>
  <label>State <select name="state"><option value="">any</option>${APPROVAL_STATUSES.map((state) => option(state, filter.state))}</select></label>
  <label>Risk <select name="risk"><option value="">any</option>${RISK_LEVELS.map((risk) => option(risk, filter.risk))}</select></label>
  <div class="actions"><button>Filter</button> <a href="/approvals">Clear</a></div>
</form>`;
}

function row({ approval, task, superseded }: ApprovalEntry): Html {
  const commit = !superseded && approval.status === 'approved' && task.commit;
  return html`<tr data-task="${task.id}" data-state="${approval.status}">
  <td data-label="Task"><a href="/approvals/${task.id}">${task.title}</a><br><code>${task.id}</code> <span class="muted">r${approval.revision}</span></td>
  <td data-label="Session"><a href="/sessions/${task.sessionId}">${task.sessionId}</a></td>
  <td data-label="Risk"><span class="tag risk-${approval.level}">${approval.level}</span></td>
  <td data-label="Decision"><span class="tag approval-${approval.status}">${approval.status.replace('_', ' ')}</span></td>
  <td class="by" data-label="By">${approval.decidedBy ?? ''}</td>
  <td data-label="When">${moment(approval.decidedAt)}</td>
  <td class="comment" data-label="Comment">${approval.comment ?? ''}</td>
  <td data-label="Commit">${commit ? html`<a href="/sessions/${task.sessionId}/tasks/${task.id}#commit"><code>${commit.slice(0, 10)}</code></a>` : ''}</td>
</tr>`;
}

/** Decided approvals as a table: who decided, when, why, and the commit it led to. */
export function approvalHistory(entries: readonly ApprovalEntry[]): Html {
  if (entries.length === 0) return html`<p class="muted" id="no-history">No decided approval matches.</p>`;
  return html`<div class="scroll"><table class="history" id="approval-history">
<thead><tr><th>Task</th><th>Session</th><th>Risk</th><th>Decision</th><th>By</th><th>When</th><th>Comment</th><th>Commit</th></tr></thead>
<tbody>${entries.map(row)}</tbody>
</table></div>`;
}
