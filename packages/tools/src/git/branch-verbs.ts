import { TriadError } from '@triad/core';
import { editedPaths } from './edited-paths';
import type { CommitRequest, GitWorkspace } from './git-workspace';
import { classifyPushFailure } from './push-outcome';
import type { SerialQueue } from './serial-queue';
import { formatCommitMessage } from './trailers';

/** What the branch verbs use of the workspace they belong to. */
export interface BranchVerbContext {
  /** The remote, for messages. */
  url: string;
  /** The watched branch: never a pull request's. */
  branch: string;
  /** Runs git in the clone; trimmed stdout. */
  git(args: readonly string[]): Promise<string>;
  serial: SerialQueue;
  ensureClone(): Promise<void>;
  /** Syncs to the watched branch, applies and commits the request; returns the base sha. */
  buildCommit(request: CommitRequest, message: string): Promise<{ base: string; sha: string }>;
}

/** Where the clone keeps the fetched head of another branch of the remote (a pull request's). */
export function branchRef(name: string): string {
  return `refs/triad/branches/${name}`;
}

/** The workspace's verbs for pull request branches: read one's head, push a commit to one under a lease. */
export function branchVerbs(ctx: BranchVerbContext): Pick<GitWorkspace, 'branchHead' | 'pushToBranch'> {
  const { url, branch, git, serial } = ctx;

  /** `name` when git takes it as a branch name, else a TriadError. */
  const checkedBranch = async (name: string): Promise<string> => {
    try {
      await git(['check-ref-format', '--branch', name]);
      return name;
    } catch (error) {
      throw new TriadError(`${name} is not a valid branch name`, {
        code: 'invalid_option',
        domain: 'internal',
        cause: error,
      });
    }
  };

  return {
    branchHead: (name) =>
      serial(async () => {
        await ctx.ensureClone();
        const ref = `refs/heads/${await checkedBranch(name)}`;
        const sha = (await git(['ls-remote', '--quiet', 'origin', ref])).split(/\s/)[0];
        if (!sha) return undefined;
        await git(['fetch', '--quiet', '--no-tags', 'origin', `+${ref}:${branchRef(name)}`]);
        return sha;
      }),

    async pushToBranch(name, request, expected) {
      editedPaths(request.edits);
      const message = formatCommitMessage(request.message, request.trailers);
      return serial(async () => {
        await ctx.ensureClone();
        if ((await checkedBranch(name)) === branch) {
          throw new TriadError(`a pull request branch cannot be ${branch}, the branch Flux watches`, {
            code: 'invalid_option',
            domain: 'internal',
          });
        }
        const { base, sha } = await ctx.buildCommit(request, message);
        // The lease: replaced only while the remote's branch is still `expected` (absent when undefined).
        const lease = `--force-with-lease=refs/heads/${name}:${expected ?? ''}`;
        try {
          await git(['push', '--porcelain', '--no-verify', lease, 'origin', `HEAD:refs/heads/${name}`]);
        } catch (error) {
          classifyPushFailure(error, url, name);
          throw new TriadError(
            `branch ${name} of ${url} is no longer the commit Triad pushed: someone pushed to it, so Triad leaves it alone`,
            { code: 'branch_moved', domain: 'git', details: { url, branch: name, expected } },
          );
        }
        return { sha, base };
      });
    },
  };
}
