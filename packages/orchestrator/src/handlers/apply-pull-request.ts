import { type Session, type Task, TRAILERS, TriadError } from '@triad/core';
import { redactCredentials } from '@triad/policy';
import { renderPullRequest } from '@triad/reports';
import { branchRef, type CommitRequest, type GitWorkspace } from '@triad/tools';
import { continueSession, type SessionEndContext } from '../lifecycle';
import type { Runtime } from '../runtime';
import { moveTask } from '../task-events';
import { changeCommit } from './change-commit';
import { required } from './context';
import { followLater } from './follow-pull-request';
import { redraft } from './redraft';

/** The branch a task's pull request comes from. */
export const pullRequestBranch = (task: Pick<Task, 'sessionId' | 'id'>) => `triad/${task.sessionId}/${task.id}`;

/**
 * pr mode's apply: the same commit commit mode makes (Triad's trailers, ADR renumbered) goes onto the task's own
 * branch, built on the latest head of the watched branch, and a pull request is opened for it; the watched branch is
 * never pushed to. A retry re-commits Triad's branch on the latest head (so a base that moved meanwhile is rebased
 * onto), but never replaces a branch whose head Triad did not push. Opening is idempotent on the forge side too.
 */
export async function applyAsPullRequest(
  rt: SessionEndContext &
    Pick<Runtime, 'forge' | 'records' | 'repos' | 'config' | 'promptVersions' | 'pullRequestPollMs'>,
  session: Session,
  task: Task,
): Promise<string> {
  const forge = rt.forge(session);
  const proposal = required(await rt.records.proposal(session.id, task.id, task.revision), `proposal ${task.id}`);
  const review = required(await rt.records.review(session.id, task.id, task.revision), `review ${task.id}`);
  const change = await changeCommit(rt, session, task, proposal, review);
  const branch = pullRequestBranch(task);
  let pushed: { sha: string; base: string };
  try {
    pushed = await rt.repos.run(session.repo, (git) => pushTaskBranch(git, branch, task.id, change));
  } catch (error) {
    if (TriadError.is(error, 'stale_edit') && (await redraft(rt, task, session.maxRevisions, error.message))) {
      return 'drafting again on the new head';
    }
    if (TriadError.is(error) && !error.retryable) {
      await moveTask(rt, task, ['applying'], 'failed', 'tool', { reason: error.message });
      await continueSession(rt, session.id);
      return 'failed';
    }
    throw error;
  }
  const observation = await rt.records.observation(session.id, task.cycle);
  const assessment = await rt.records.assessment(session.id, task.id, task.revision);
  const adrPath = proposal.adr
    ? proposal.edits.find((edit) => edit.before === null && isAdr(edit.path))?.path
    : undefined;
  const text = renderPullRequest({
    task,
    proposal,
    review,
    ...(assessment ? { assessment } : {}),
    findings: (observation?.findings ?? []).filter((finding) => task.findingIds.includes(finding.id)),
    ...(adrPath ? { adrPath } : {}),
  });
  // The forge shows it to everyone who can read the repository: credential-looking values go, as in the report.
  const opened = await forge.openPullRequest({
    head: branch,
    base: session.repo.branch,
    title: redactCredentials(text.title),
    body: redactCredentials(text.body),
    labels: text.labels,
  });
  const pullRequest = { ...opened, branch, head: pushed.sha, base: pushed.base };
  const moved = await moveTask(rt, task, ['applying'], 'pr_open', 'tool', {
    reason: `pull request #${opened.number} is open for a person to merge: ${opened.url}`,
    patch: { pullRequest },
  });
  if (!moved) return 'already moved';
  await rt.events.append(session.id, {
    type: 'pr.opened',
    actor: 'tool',
    taskId: task.id,
    message: `${task.id}: opened pull request #${opened.number} from ${branch} (${pushed.sha.slice(0, 8)}) into ${session.repo.branch}: ${opened.url}`,
    data: { ...pullRequest, labels: text.labels },
  });
  await followLater(rt, moved, 1);
  await continueSession(rt, session.id);
  return 'pr open';

  function isAdr(path: string): boolean {
    return path.startsWith(`${rt.config.adrDir.replace(/\/+$/, '')}/`) && path.endsWith('.md');
  }
}

/**
 * Pushes the change to `branch`: a new branch, or Triad's own from an earlier attempt re-committed on the latest
 * head (or kept, when it is on that head already). A branch that exists without Triad's commit at its head is
 * someone else's: `branch_moved`, left alone.
 */
async function pushTaskBranch(git: GitWorkspace, branch: string, taskId: string, change: CommitRequest) {
  const head = await git.branchHead(branch);
  if (head === undefined) return git.pushToBranch(branch, change);
  const mine = await git.findCommitByTrailer(TRAILERS.task, taskId, branchRef(branch));
  if (mine !== head) {
    throw new TriadError(
      `branch ${branch} already exists and its head ${head.slice(0, 8)} is not Triad's commit: Triad leaves it alone`,
      { code: 'branch_moved', domain: 'git' },
    );
  }
  // Already on the latest head (a retry after the push): the same commit serves; else it is made again on the head.
  const base = await git.sync();
  if (await git.holds(head, base)) return { sha: head, base };
  return git.pushToBranch(branch, change, head);
}
