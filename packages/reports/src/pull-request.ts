import type { Finding, Proposal, Review, RiskAssessment, Task } from '@triad/core';
import { code, inert, section } from './markdown';

/** Everything a task's pull request says, from the task's records at its final revision. */
export interface PullRequestInput {
  task: Task;
  proposal: Proposal;
  review?: Review;
  assessment?: RiskAssessment;
  /** The findings the proposal fixes, as observed. */
  findings: readonly Finding[];
  /** Repo-relative path of the ADR file the change adds, when it adds one. */
  adrPath?: string;
}

/** Title, Markdown body and labels of a task's pull (merge) request. */
export interface PullRequestText {
  title: string;
  body: string;
  /** `triad`, and `triad:risk-<level>` so a forge's filters and rules can act on the risk. */
  labels: string[];
}

const VERDICTS = { approve: 'approved', request_changes: 'asked for changes on', reject: 'rejected' } as const;

/**
 * The pull request of one task: findings fixed, the Co-Lead's review, the CIO's risk and blast radius, the ADR. What
 * models and manifests wrote is made inert (no raw HTML reaches the forge's renderer), as in the session report.
 */
export function renderPullRequest(input: PullRequestInput): PullRequestText {
  const { task, proposal, review, assessment } = input;
  const findings = input.findings.length
    ? input.findings.map((f) => `- **${f.severity}** ${inert(f.message)} (${code(f.id)})`)
    : proposal.addresses.map((id) => `- ${code(id)}`);
  const reviewLines = review
    ? [
        `${review.reviewer} ${VERDICTS[review.verdict]} revision ${review.revision}.`,
        ...review.comments.map((comment) => `- ${inert(comment)}`),
      ]
    : ['No review recorded.'];
  const riskLines = assessment
    ? [
        `**${assessment.level}** (score ${assessment.score}/100; assessed ${assessment.assessedLevel}, floor ${assessment.floor}); reversible by ${assessment.reversibility}.`,
        '',
        `Blast radius: ${inert(assessment.blastRadius)}`,
        ...(assessment.factors.length ? ['', ...assessment.factors.map((factor) => `- ${inert(factor)}`)] : []),
      ]
    : ['Not assessed.'];
  const adr = proposal.adr
    ? [`${code(input.adrPath ?? 'ADR')}: ${inert(proposal.adr.title)}`, '', inert(proposal.adr.decision)]
    : ['This change records no decision.'];
  const body = [
    inert(proposal.commitMessage.split('\n').slice(1).join('\n').trim()),
    '',
    ...section('Findings fixed', findings),
    '',
    ...section('Review (Co-Lead)', reviewLines),
    '',
    ...section('Risk (CIO)', riskLines),
    '',
    ...section('Decision record', adr),
    '',
    `Opened by Triad: session ${code(task.sessionId)}, task ${code(task.id)}, revision ${proposal.revision}. The commit carries Triad's trailers.`,
  ];
  const level = assessment?.level ?? task.risk;
  return {
    title: proposal.commitMessage.split('\n')[0] ?? task.title,
    body: `${body.join('\n').replace(/^\n+/, '')}\n`,
    labels: ['triad', ...(level ? [`triad:risk-${level}`] : [])],
  };
}
