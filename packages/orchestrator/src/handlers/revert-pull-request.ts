import { type PullRequestRecord, type Session, type Task, TRAILERS, TriadError } from '@triad/core';
import { branchRef } from '@triad/tools';
import type { Runtime } from '../runtime';
import { pullRequestBranch } from './apply-pull-request';
import { planRevert } from './revert-change';

/**
 * pr mode's rollback: the revert of a merged change that Flux failed goes through the same path as the change, a
 * branch (`triad/<session>/<task>-revert`) and a pull request for a person to merge; the watched branch is never
 * pushed to. A retry finds its branch (by the `Triad-Reverts` trailer) and the open request again.
 */
export async function revertByPullRequest(
  rt: Pick<Runtime, 'repos' | 'forge' | 'config'>,
  session: Session,
  task: Task,
  commit: string,
  why: string,
): Promise<PullRequestRecord> {
  const branch = `${pullRequestBranch(task)}-revert`;
  const pushed = await rt.repos.run(session.repo, async (git) => {
    const head = await git.branchHead(branch);
    if (head !== undefined && (await git.findCommitByTrailer(TRAILERS.reverts, commit, branchRef(branch))) === head) {
      return { sha: head, base: head };
    }
    if (head !== undefined) {
      throw new TriadError(`branch ${branch} exists and its head is not Triad's revert: Triad leaves it alone`, {
        code: 'branch_moved',
        domain: 'git',
      });
    }
    const plan = await planRevert(rt, git, session, task, commit, why);
    if (plan.edits.length === 0) {
      throw new TriadError(`reverting ${commit.slice(0, 12)} changes no file: revert it by hand`, {
        code: 'revert_conflict',
        domain: 'git',
      });
    }
    return git.pushToBranch(branch, plan);
  });
  const original = task.pullRequest ? ` (merged from #${task.pullRequest.number}, ${task.pullRequest.url})` : '';
  const opened = await rt.forge(session).openPullRequest({
    head: branch,
    base: session.repo.branch,
    title: `Revert ${task.id}: Flux did not accept ${commit.slice(0, 12)}`,
    body: [
      `Flux did not accept ${commit}${original}:`,
      '',
      why,
      '',
      `Merging this reverts it. Opened by Triad: session \`${session.id}\`, task \`${task.id}\`.`,
      '',
    ].join('\n'),
    labels: ['triad', 'triad:revert'],
  });
  return { ...opened, branch, head: pushed.sha, base: pushed.base };
}
