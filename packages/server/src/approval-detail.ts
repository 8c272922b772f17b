import { Finding, Proposal, Review, RiskAssessment, Session, Task, TriadError } from '@triad/core';
import { ApprovalRecord, requiredApprovers, type Triad } from '@triad/orchestrator';
import { z } from 'zod';

/** Everything a person needs to decide one approval, in one value (the API's and the page's). */
export const ApprovalDetail = z.object({
  approval: ApprovalRecord,
  task: Task,
  session: Session.pick({ id: true, repo: true, goals: true, deadline: true, state: true }),
  /**
   * The change, with its unified diff as people are shown it (SOPS values and credentials masked) and the paths it
   * writes; never the files' contents, which would carry a credential the change moves out of a manifest.
   */
  proposal: Proposal.omit({ edits: true })
    .extend({ files: z.array(z.string()).describe('Repo-relative paths the change writes.') })
    .optional(),
  /** The Co-Lead's review of this revision. */
  review: Review.optional(),
  /** The CIO's assessment: level, factors, blast radius, reversibility. */
  assessment: RiskAssessment.optional(),
  /** The findings the task was planned for. */
  findings: z.array(Finding),
  /** Different people who must approve (2 for a critical change under four-eyes). */
  requiredApprovers: z.number().int().positive(),
});
export type ApprovalDetail = z.infer<typeof ApprovalDetail>;

export async function approvalDetail(triad: Triad, approval: ApprovalRecord): Promise<ApprovalDetail> {
  const { sessionId, taskId, revision } = approval;
  const [task, session, { proposal, review, assessment }] = await Promise.all([
    triad.tasks.get(taskId),
    triad.sessions.get(sessionId),
    triad.tasks.change({ id: taskId, sessionId, revision }),
  ]);
  const findings = await triad.tasks.findings(task);
  return {
    approval,
    task,
    session: {
      id: session.id,
      repo: session.repo,
      goals: session.goals,
      deadline: session.deadline,
      state: session.state,
    },
    proposal: proposal && withoutContents(proposal),
    review,
    assessment,
    findings,
    requiredApprovers: requiredApprovers(session, approval.level),
  };
}

function withoutContents({ edits, ...rest }: Proposal): NonNullable<ApprovalDetail['proposal']> {
  return { ...rest, files: edits.map((edit) => edit.path) };
}

/** The approval of a task, whatever its status; `approval_not_found` when the task never waited for one. */
export async function findApprovalDetail(triad: Triad, taskId: string): Promise<ApprovalDetail> {
  const approval = await triad.approvals.find(taskId);
  if (!approval) {
    throw new TriadError(`task ${taskId} never waited for an approval: /approvals lists the ones that do`, {
      code: 'approval_not_found',
      domain: 'user',
    });
  }
  return approvalDetail(triad, approval);
}
