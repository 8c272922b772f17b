import { TRAILERS, TriadError } from '@triad/core';
import type { Clone } from './clone';
import { editedPaths, emptyChange } from './edited-paths';
import type { BatchOutcome, GitWorkspace, PushResult } from './git-workspace';
import { gitFailure } from './run-git';
import { assertTrailer, formatCommitMessage } from './trailers';

/** Errors that leave one request out of a batch instead of failing the batch. */
const LEFT_OUT = new Set(['stale_edit', 'empty_change', 'path_refused']);

/** The workspace's verbs that write to the watched branch: a commit, a batch of commits, a revert; each pushed. */
export function commitVerbs(clone: Clone): Pick<GitWorkspace, 'commitAndPush' | 'commitAndPushEach' | 'revert'> {
  const { url, branch, remoteRef, serial, git, fetch, syncNow, resolveCommit, push, isAncestor } = clone;

  /**
   * Builds the commit(s) with `prepare` on a fresh sync and pushes; on a moved remote, does both again. `prepare`
   * answers the commit it left at HEAD when it knows it (else it is asked of git after the push).
   */
  const pushWithRetry = async (
    maxAttempts: number,
    prepare: () => Promise<string | undefined>,
  ): Promise<PushResult> => {
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new TriadError(`maxAttempts must be a positive integer, got ${maxAttempts}`, {
        code: 'invalid_option',
        domain: 'internal',
      });
    }
    for (let attempt = 1; ; attempt++) {
      const head = await prepare();
      if ((await push()) === 'pushed') return { sha: head ?? (await git(['rev-parse', 'HEAD'])), attempts: attempt };
      if (attempt >= maxAttempts) {
        throw new TriadError(
          `${url} branch ${branch} moved during each of ${maxAttempts} push attempts: retry later, when pushes to it are less busy`,
          { code: 'push_rejected', domain: 'git', retryable: true, details: { url, branch, attempts: attempt } },
        );
      }
    }
  };

  return {
    async commitAndPush(request, { maxAttempts = 3 } = {}) {
      editedPaths(request.edits);
      const message = formatCommitMessage(request.message, request.trailers);
      return serial(() => pushWithRetry(maxAttempts, async () => (await clone.buildCommit(request, message)).sha));
    },

    async commitAndPushEach(requests, { maxAttempts = 3 } = {}) {
      const messages = requests.map((request) => formatCommitMessage(request.message, request.trailers));
      return serial(async () => {
        let outcomes: BatchOutcome[] = [];
        await pushWithRetry(maxAttempts, async () => {
          outcomes = [];
          let head = await syncNow();
          for (const [index, request] of requests.entries()) {
            try {
              head = await clone.commitOn(head, request, messages[index] ?? '');
              outcomes.push({ sha: head });
            } catch (error) {
              if (!TriadError.is(error) || !LEFT_OUT.has(error.code)) throw error;
              // Back to the last commit of the batch: whatever this request wrote or staged is dropped.
              await git(['reset', '--quiet', '--hard', head]);
              await git(['clean', '-q', '-ffdx']);
              outcomes.push({ error });
            }
          }
          return head;
        });
        return outcomes;
      });
    },

    async revert(sha, request, { maxAttempts = 3 } = {}) {
      const trailers = request.trailers.some(([key]) => key.toLowerCase() === TRAILERS.reverts.toLowerCase())
        ? request.trailers
        : [...request.trailers, [TRAILERS.reverts, sha] as const];
      trailers.forEach(assertTrailer);
      return serial(() =>
        pushWithRetry(maxAttempts, async () => {
          await syncNow();
          const target = await resolveCommit(sha, fetch);
          if (!(await isAncestor(target, remoteRef))) {
            throw new TriadError(`${sha} is not on ${branch} of ${url}: revert only commits the branch holds`, {
              code: 'revision_not_found',
              domain: 'git',
            });
          }
          const parents = (await git(['rev-list', '--parents', '-n', '1', target])).split(' ').length - 1;
          try {
            await git(['revert', '--no-edit', ...(parents > 1 ? ['-m', '1'] : []), target]);
          } catch (error) {
            await git(['revert', '--abort']).catch(() => undefined);
            const failure = gitFailure(error);
            if (/nothing to commit/.test(`${failure?.stdout}${failure?.stderr}`)) {
              throw emptyChange(`reverting ${sha.slice(0, 12)} changes nothing: it is already undone on ${branch}`);
            }
            throw new TriadError(`reverting ${sha.slice(0, 12)} conflicts with later commits: revert it by hand`, {
              code: 'revert_conflict',
              domain: 'git',
              cause: error,
            });
          }
          const message = request.message ?? (await git(['log', '-1', '--format=%B', 'HEAD']));
          await git(
            ['commit', '--quiet', '--amend', '--no-verify', '--cleanup=whitespace', '-F', '-'],
            formatCommitMessage(message, trailers),
          );
          return undefined; // the amended commit: asked of git after the push
        }),
      ).then(({ sha: reverted }) => ({ sha: reverted }));
    },
  };
}
