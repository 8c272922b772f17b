import type { ApprovalDetail } from '../approval-detail';
import { approvalCard, decidedLine } from './approval-card';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';

/** The queue: every change waiting for a person, soonest expiry first. */
export function approvalsPage(context: PageContext, details: ApprovalDetail[]): Html {
  return layout(
    context,
    'Approvals',
    html`<h1>Approvals</h1>
<p class="muted">Changes above their session's auto-approve level. One that waits past its expiry counts as denied and goes to the next human session.</p>
${details.length ? details.map((detail) => approvalCard(context, detail)) : html`<p class="card muted" id="no-approvals">Nothing waits for a person.</p>`}`,
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
