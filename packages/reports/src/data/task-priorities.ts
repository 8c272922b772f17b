import type { Task, TaskState } from '@triad/core';
import { shortSha } from '../format';
import type { ReportInput } from '../report-input';
import { finalApproval, finalAssessment, finalProposal, finalReview, taskRisk } from '../task-records';
import type { Priority, PriorityKind } from './priority';

/** Task end states that always need a person. */
const LISTED_STATES: readonly TaskState[] = ['awaiting_approval', 'pr_open', 'deferred', 'rejected', 'expired'];

type Explanation = Pick<Priority, 'why' | 'action'>;

function awaiting(task: Task, input: ReportInput): Explanation {
  const approval = finalApproval(task, input.approvals);
  const level = approval?.level ?? taskRisk(task, input.assessments) ?? 'unassessed';
  const when = approval ? `, requested ${approval.requestedAt}, expires ${approval.expiresAt}` : '';
  return {
    why: `a ${level} risk change (revision ${task.revision}) waits for a person's approval${when}`,
    action: 'approve or reject in the review UI',
  };
}

function pullRequestOpen(task: Task): Explanation {
  const revert = task.revertPullRequest;
  if (revert) {
    return {
      why: `Flux did not accept its merged change (${task.reason ?? 'see the session'}); revert pull request #${revert.number} is open`,
      action: 'merge the revert pull request (or fix the change forward on the forge)',
    };
  }
  const pr = task.pullRequest;
  return {
    why: pr
      ? `its pull request #${pr.number} from \`${pr.branch}\` is still open; the change reaches the cluster only once it is merged`
      : 'its pull request is still open',
    action: 'review the pull request on the forge: merge it (Flux then applies it) or close it with a comment',
  };
}

function deferred(task: Task, input: ReportInput): Explanation {
  const approval = finalApproval(task, input.approvals);
  if (approval?.status === 'expired') {
    return {
      why: `the approval request for a ${approval.level} risk change (revision ${approval.revision}) expired unanswered at ${approval.expiresAt}`,
      action: `review revision ${approval.revision} of the proposal and approve it in the next session, or make the change by hand`,
    };
  }
  return {
    why: task.reason ?? 'the session ended before the task was done',
    action: 'plan it again in the next session, or make the change by hand',
  };
}

function rejected(task: Task, input: ReportInput): Explanation {
  if (task.pullRequest) {
    return {
      why: task.reason ?? `pull request #${task.pullRequest.number} was closed unmerged`,
      action: "weigh the closer's comment: fix the findings another way, or record that they are accepted",
    };
  }
  const approval = finalApproval(task, input.approvals);
  if (approval?.status === 'rejected') {
    const comment = approval.comment ? `: ${approval.comment}` : '';
    return {
      why: `${approval.decidedBy ?? 'a person'} rejected the ${approval.level} risk change${comment}`,
      action: 'fix the findings another way, or record that the risk is accepted',
    };
  }
  const review = finalReview(task, input.reviews);
  const comments = review && review.comments.length > 0 ? `: ${review.comments.join('; ')}` : '';
  const verdict = review?.verdict === 'request_changes' ? 'still asked for changes on' : 'rejected';
  return {
    why: review ? `the Co-Lead ${verdict} revision ${review.revision}${comments}` : (task.reason ?? 'rejected'),
    action: "weigh the Co-Lead's comments: make the change by hand, or accept the finding",
  };
}

function expired(task: Task): Explanation {
  return {
    why: task.reason ?? 'the findings it was planned for no longer held when it was drafted',
    action: 'confirm the findings were fixed on purpose outside this task; nothing to apply',
  };
}

function critical(task: Task): Explanation {
  if (task.state === 'verified' || task.state === 'applied') {
    const commit = task.commit ? `commit ${shortSha(task.commit)}` : 'the commit';
    return {
      why: `applied at critical risk`,
      action: `check ${commit} and its blast radius; \`git revert\` it if unwanted`,
    };
  }
  if (task.state === 'failed' || task.state === 'rolled_back') {
    return {
      why: `${task.state === 'failed' ? 'failed' : 'rolled back'}${task.reason ? `: ${task.reason}` : ''}`,
      action: 'make the change by hand, in a maintenance window',
    };
  }
  return { why: `still ${task.state} when the report was written`, action: 'follow it in the review UI' };
}

function explain(kind: PriorityKind, task: Task, input: ReportInput): Explanation {
  switch (kind) {
    case 'awaiting_approval':
      return awaiting(task, input);
    case 'pr_open':
      return pullRequestOpen(task);
    case 'deferred':
      return deferred(task, input);
    case 'rejected':
      return rejected(task, input);
    case 'expired':
      return expired(task);
    default:
      return critical(task);
  }
}

/** Task states whose change reached the repository. */
const LANDED_STATES: readonly TaskState[] = ['applied', 'verifying', 'verified'];

/**
 * What an applied change left for a person: its proposal's follow-ups (rotate a credential that Git history keeps…).
 * Listed even when the change needed no approval: the old value is readable in history until it is rotated.
 */
function followUp(task: Task, input: ReportInput): Priority | undefined {
  const steps = finalProposal(task, input.proposals)?.followUps ?? [];
  if (!LANDED_STATES.includes(task.state) || steps.length === 0) return undefined;
  const risk = taskRisk(task, input.assessments);
  return {
    kind: 'follow_up',
    taskId: task.id,
    title: task.title,
    state: task.state,
    ...(risk ? { risk } : {}),
    why: `applied${task.commit ? ` in ${shortSha(task.commit)}` : ''}, but what it moved out of the manifests is still in Git history`,
    action: steps.join('; '),
    commits: task.commit ? [task.commit] : [],
  };
}

/** The priority a task gives the next session, or undefined when it needs no person. */
export function taskPriority(task: Task, input: ReportInput): Priority | undefined {
  const risk = taskRisk(task, input.assessments);
  // A merged change Flux failed, whose revert is a pull request a person must merge (pr mode).
  const revertOpen = task.state === 'failed' && task.revertPullRequest !== undefined;
  const listed = LISTED_STATES.includes(task.state) || revertOpen;
  if (!listed && risk !== 'critical') return followUp(task, input);
  const kind = (revertOpen ? 'pr_open' : listed ? task.state : 'critical_risk') as PriorityKind;
  const explained = explain(kind, task, input);
  // What the change itself needs from a person (a value only they can add with sops, and why Triad could not).
  const steps = finalProposal(task, input.proposals)?.humanSteps ?? [];
  if (steps.length > 0) explained.action = `${explained.action}; before it can work: ${steps.join('; ')}`;
  const blast = finalAssessment(task, input.assessments)?.blastRadius;
  const link = (task.revertPullRequest ?? task.pullRequest)?.url;
  const criticalNote = risk === 'critical' ? `assessed critical risk${blast ? ` (blast radius: ${blast})` : ''}; ` : '';
  return {
    kind,
    taskId: task.id,
    title: task.title,
    state: task.state,
    ...(risk ? { risk } : {}),
    why: criticalNote + explained.why,
    action: explained.action,
    ...(link ? { url: link } : {}),
    commits: [task.commit, task.revertCommit].filter((sha): sha is string => sha !== undefined),
  };
}
