import type { Review, RiskAssessment } from '@triad/core';
import type { ApprovalRecord } from '@triad/orchestrator';
import type { ApprovalDetail } from '../approval-detail';
import { hasRole } from '../auth/role';
import { committedChangeSection } from './committed-change';
import { diffView } from './diff-view';
import { moment, when } from './format';
import { type Html, html } from './html';
import type { PageContext } from './page-context';

export function reviewSection(review: Review | undefined): Html {
  if (!review) return html`<p class="muted">No review recorded.</p>`;
  return html`<p><span class="tag verdict-${review.verdict}">${review.verdict.replace('_', ' ')}</span> by ${review.reviewer}</p>
${review.comments.length ? html`<ul>${review.comments.map((comment) => html`<li>${comment}</li>`)}</ul>` : ''}
${review.adrRequired ? html`<p>Asks for an ADR${review.adrReason ? html`: ${review.adrReason}` : ''}.</p>` : ''}`;
}

export function assessmentSection(assessment: RiskAssessment | undefined): Html {
  if (!assessment) return html`<p class="muted">No assessment recorded.</p>`;
  return html`<p><span class="tag risk-${assessment.level}">${assessment.level}</span> score ${assessment.score}/100 ·
  assessed ${assessment.assessedLevel}, floor ${assessment.floor} · reversibility: ${assessment.reversibility} · by ${assessment.assessor}</p>
<p><strong>Blast radius:</strong> ${assessment.blastRadius}</p>
${assessment.factors.length ? html`<ul class="factors">${assessment.factors.map((factor) => html`<li>${factor}</li>`)}</ul>` : ''}`;
}

const DECIDED: Record<ApprovalRecord['status'], string> = {
  pending: 'waits for a person',
  approved: 'approved',
  rejected: 'rejected',
  changes_requested: 'sent back for changes',
  expired: 'expired',
};

/** "approved by alice 3 min ago" (with the exact time on hover): who decided, and when. */
export function decidedLine(approval: ApprovalRecord): Html {
  return html`it was ${DECIDED[approval.status]}${approval.decidedBy ? html` by <strong class="decided-by">${approval.decidedBy}</strong>` : ''} ${moment(approval.decidedAt)}`;
}

function decisionForm(context: PageContext, detail: ApprovalDetail): Html {
  const { approval, requiredApprovers } = detail;
  if (approval.status !== 'pending') {
    return html`<p class="decided"><span class="tag approval-${approval.status}">${approval.status.replace('_', ' ')}</span>
  ${approval.decidedBy ? html`by ${approval.decidedBy}` : ''} ${when(approval.decidedAt)}${approval.comment ? html`: ${approval.comment}` : ''}</p>`;
  }
  const signed = approval.signoffs.map((signoff) => signoff.by);
  const progress =
    requiredApprovers > 1
      ? html`<p class="four-eyes">Four-eyes: ${signed.length} of ${requiredApprovers} approvals${signed.length ? html` (${signed.join(', ')})` : ''}.</p>`
      : '';
  if (!context.principal || !hasRole(context.principal.role, 'approver')) {
    return html`${progress}<p class="muted">Waiting for an approver until ${when(approval.expiresAt)}. You can watch, not decide.</p>`;
  }
  return html`${progress}<form method="post" action="/approvals/${approval.taskId}" class="decide">
  <input type="hidden" name="_csrf" value="${context.csrfToken ?? ''}">
  <label>Comment <textarea name="comment" rows="2" maxlength="2000" placeholder="Why (goes to the task's record); to request changes, what should change (goes to the Lead)"></textarea></label>
  <div class="actions">
    <button class="primary" name="decision" value="approve">Approve</button>
    <button name="decision" value="request_changes">Request changes</button>
    <button class="danger" name="decision" value="reject">Reject</button>
  </div>
</form>`;
}

/** Decisions on earlier revisions of the task: a person sent it back for changes, the Lead drafted it again. */
function earlierDecisions(approval: ApprovalRecord): Html | string {
  if (approval.earlier.length === 0) return '';
  return html`<section class="earlier"><h3>Earlier revisions</h3><ul>${approval.earlier.map(
    (earlier) =>
      html`<li>Revision ${earlier.revision}: ${decidedLine({ ...earlier, signoffs: [], earlier: [] })}${earlier.comment ? html`: ${earlier.comment}` : ''}</li>`,
  )}</ul></section>`;
}

/** One change waiting for (or decided by) a person: the diff and everything that argues for or against it. */
export function approvalCard(context: PageContext, detail: ApprovalDetail): Html {
  const { approval, task, proposal, findings } = detail;
  return html`<article class="card approval" id="approval-${task.id}" data-task="${task.id}">
<header>
  <h2><a href="/approvals/${task.id}">${task.title}</a></h2>
  <span class="tag risk-${approval.level}">${approval.level}</span>
</header>
<p class="muted">Task <code>${task.id}</code> (${task.category}, revision ${approval.revision}) of session
  <a href="/sessions/${detail.session.id}">${detail.session.id}</a> · requested ${when(approval.requestedAt)} · expires ${when(approval.expiresAt)}</p>
<section>
  <h3>Findings it addresses</h3>
  ${
    findings.length
      ? html`<ul>${findings.map((finding) => html`<li><span class="tag sev-${finding.severity}">${finding.severity}</span> ${finding.message}${finding.file ? html` <code>${finding.file}${finding.line ? `:${finding.line}` : ''}</code>` : ''}</li>`)}</ul>`
      : html`<p class="muted">None recorded.</p>`
  }
</section>
${committedChangeSection(task)}
<section>
  <h3>${task.committedChange && task.commit ? 'The change as approved' : 'The change'}</h3>
  ${proposal ? html`<pre class="commit-message">${proposal.commitMessage}</pre>${diffView(`d-${task.id}`, proposal.diff)}` : html`<p class="muted">No proposal recorded.</p>`}
</section>
<div class="two-col">
  <section><h3>Co-Lead review</h3>${reviewSection(detail.review)}</section>
  <section><h3>CIO risk</h3>${assessmentSection(detail.assessment)}</section>
</div>
${decisionForm(context, detail)}
${earlierDecisions(approval)}
</article>`;
}
