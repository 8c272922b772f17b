import type { Proposal, Review, RiskAssessment, Task } from '@triad/core';
import { assessmentSection, reviewSection } from './approval-card';
import { diffView } from './diff-view';
import { type Html, html } from './html';

/** A task a dry run ended `proposed`, with the records of its final revision. */
export interface ProposedChange {
  task: Task;
  proposal?: Proposal;
  review?: Review;
  assessment?: RiskAssessment;
}

/** One dry-run proposal: the diff view of the approval page, with the Co-Lead's review and the CIO's risk. */
export function proposalCard(change: ProposedChange): Html {
  const { task, proposal } = change;
  return html`<article class="card proposal" id="proposal-${task.id}" data-task="${task.id}">
<header>
  <h3>${task.title}</h3>
  ${task.risk ? html`<span class="tag risk-${task.risk}">${task.risk}</span>` : ''}
</header>
<p class="muted">Task <code>${task.id}</code> (${task.category}, revision ${task.revision})${proposal ? html` · drafted against <code>${proposal.baseRevision.slice(0, 10)}</code>` : ''}</p>
<section><h4>Co-Lead review</h4>${reviewSection(change.review)}</section>
<section><h4>CIO risk</h4>${assessmentSection(change.assessment)}</section>
${proposal ? html`<pre class="commit-message">${proposal.commitMessage}</pre>${diffView(`p-${task.id}`, proposal.diff)}` : html`<p class="muted">No proposal recorded.</p>`}
</article>`;
}

/** A dry run's proposals, or nothing when the session proposed none. */
export function proposalList(changes: readonly ProposedChange[]): Html | string {
  if (changes.length === 0) return '';
  return html`<h2>Proposals</h2>
<p class="muted">This dry run pushed nothing. Each diff below is in the report as a block that <code>git apply</code> takes.</p>
${changes.map(proposalCard)}`;
}
