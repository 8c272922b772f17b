import type { ApprovalDetail } from '../approval-detail';
import type { ApprovalEntry, ApprovalFilter } from '../approval-history';
import { approvalCard, decidedLine } from './approval-card';
import { approvalFilterForm, approvalHistory } from './approval-history';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';

export interface ApprovalsView {
  /** Waiting changes that match the filter, soonest expiry first. */
  pending: ApprovalDetail[];
  /** Decided approvals that match the filter, newest first. */
  decided: ApprovalEntry[];
  filter: ApprovalFilter;
  /** Session ids to filter by. */
  sessions: string[];
}

function pendingList(context: PageContext, view: ApprovalsView): Html | string {
  if (view.filter.state && view.filter.state !== 'pending') return '';
  return html`<h2>Waiting</h2>
<div id="pending-approvals">${
    view.pending.length
      ? view.pending.map((detail) => approvalCard(context, detail))
      : html`<p class="card muted" id="no-approvals">Nothing waits for a person.</p>`
  }</div>`;
}

/**
 * The queue, every change waiting for a person (soonest expiry first), then the decided ones. The page follows the
 * approvals stream: a new request appears without a reload, and the badge and the title count the waiting ones.
 */
export function approvalsPage(context: PageContext, view: ApprovalsView): Html {
  const decided = view.filter.state === 'pending' ? '' : html`<h2>Decided</h2>${approvalHistory(view.decided)}`;
  const waiting = context.pendingApprovals ?? 0;
  return layout(
    context,
    waiting ? `(${waiting}) Approvals` : 'Approvals',
    html`<div id="approvals" data-stream="/api/approvals/events">
<h1>Approvals</h1>
<p class="muted">Changes above their session's auto-approve level. One that waits past its expiry counts as denied and goes to the next human session.</p>
${approvalFilterForm(view.filter, view.sessions)}
${pendingList(context, view)}
${decided}
</div>`,
    'approvals',
  );
}

/** One approval, waiting or decided: where webhook links lead. */
export function approvalPage(context: PageContext, detail: ApprovalDetail, options: { late?: boolean } = {}): Html {
  const { approval } = detail;
  const late = options.late
    ? html`<p class="notice late" role="status">Your decision came too late: ${decidedLine(approval)}. Nothing was changed.</p>`
    : '';
  return layout(context, `Approval ${detail.task.id}`, html`${late}${approvalCard(context, detail)}`, 'approvals');
}
