import type { FileEdit, TriadError } from '@triad/core';
import type { SpecialEntry } from '../workspace/special-entries';
import { branchVerbs } from './branch-verbs';
import { createClone } from './clone';
import { commitVerbs } from './commit-verbs';
import { readVerbs } from './read-verbs';
import type { RunGit } from './run-git';
import type { Trailer } from './trailers';

/** Who Triad's commits are by. */
export interface GitAuthor {
  /** Author and committer name, e.g. `Triad`. */
  name: string;
  /** Author and committer email. */
  email: string;
}

export interface GitWorkspaceOptions {
  /** The GitOps remote: a path to a bare repository, or any URL `git clone` accepts. */
  url: string;
  /** The branch Flux reconciles from; every read and push is against `origin/<branch>`. */
  branch: string;
  /** Directory of the working clone; created on first use. One workspace per directory at a time. */
  dir: string;
  /** Identity of Triad's commits. */
  author: GitAuthor;
  /** Runs git; the real CLI unless a test or an instrumented caller injects a wrapper. */
  runGit?: RunGit;
}

/** A change to commit on top of the latest `origin/<branch>`. */
export interface CommitRequest {
  /** Whole-file edits; each `before` must match the remote's current content. */
  edits: readonly FileEdit[];
  /** Commit message without trailers: subject line, optional body. */
  message: string;
  /** `[key, value]` trailers appended after a blank line, e.g. `['Triad-Task', 's1-t1']`. */
  trailers: readonly Trailer[];
  /**
   * Adjusts the edits to the revision they are committed on, given its file paths; called again when the remote
   * moved and the commit is rebuilt (an ADR takes the next free number there, say).
   */
  rebase?: (edits: readonly FileEdit[], paths: readonly string[]) => readonly FileEdit[];
}

/** A revert of one commit of the branch. */
export interface RevertRequest {
  /** Commit message without trailers; defaults to git's `Revert "<subject>"` message. */
  message?: string;
  /** Trailers for the revert commit; `Triad-Reverts: <sha>` is added when absent. */
  trailers: readonly Trailer[];
}

export interface PushOptions {
  /** How many times to rebuild the commit on a moved remote and push again before `push_rejected`; default 3. */
  maxAttempts?: number;
}

/** What became of one request of a batch: its pushed commit, or why it was left out. */
export type BatchOutcome = { sha: string } | { error: TriadError };

/** A commit that reached the remote. */
export interface PushResult {
  /** The pushed commit. */
  sha: string;
  /** Pushes it took: 1 when the remote did not move meanwhile. */
  attempts: number;
}

/** The Git verbs the tool layer uses: a working clone of the GitOps repo whose only way out is a pushed commit. */
export interface GitWorkspace {
  /** Clones when missing, else fetches; hard-resets the working copy to `origin/<branch>`; returns its sha. */
  sync(): Promise<string>;
  /**
   * Clones when missing, else fetches; returns the sha of `origin/<branch>` without touching the working copy (two
   * git processes instead of `sync`'s six: what a reader that goes on with `readFiles` needs). `onTurn` is called when
   * the fetch leaves the clone's queue and starts, so a caller that shares one queued fetch among others knows when a
   * later asker needs a fetch of its own.
   */
  fetchHead(onTurn?: () => void): Promise<string>;
  /** Every text file at `sha` (binaries and files over 1 MiB are skipped), path → content. */
  readFiles(sha: string): Promise<Map<string, string>>;
  /** One text file at `sha`, or undefined when it is missing, binary or over 1 MiB. */
  readFile(sha: string, path: string): Promise<string | undefined>;
  /** The entries at `sha` that `readFiles` leaves out (symlinks, submodules, binaries or invalid UTF-8, over 1 MiB), with why. */
  skippedFiles(sha: string): Promise<SpecialEntry[]>;
  /**
   * Fetches, then finds the newest commit of `origin/<branch>` (or of `from`, a ref `branchHead` fetched) whose
   * trailer `key` is exactly `value`.
   */
  findCommitByTrailer(key: string, value: string, from?: string): Promise<string | undefined>;
  /** Fetches once, then finds for each of `values` the newest commit of `origin/<branch>` whose trailer `key` is it. */
  findCommitsByTrailer(key: string, values: readonly string[]): Promise<Map<string, string>>;
  /**
   * Commits each request in turn, one commit each, on the latest `origin/<branch>`, and pushes them all at once,
   * rebuilding them when the remote moved meanwhile. A request whose edits do not apply there (`stale_edit`), change
   * nothing (`empty_change`) or are refused (`path_refused`) gets its error and no commit; the others still land.
   */
  commitAndPushEach(requests: readonly CommitRequest[], options?: PushOptions): Promise<BatchOutcome[]>;
  /** Commits `request` on the latest `origin/<branch>` and pushes it, rebuilding it when the remote moved meanwhile. */
  commitAndPush(request: CommitRequest, options?: PushOptions): Promise<PushResult>;
  /**
   * The head of branch `name` on the remote (fetched, as `branchRef(name)`), or undefined when the remote has no such
   * branch. For the branches of pull requests.
   */
  branchHead(name: string): Promise<string | undefined>;
  /**
   * Commits `request` on the latest `origin/<branch>` and pushes it to branch `name` (a pull request's head), never to
   * the watched branch. The remote's `name` is replaced only while it is still `expected` (must not exist when
   * undefined), so a branch a person pushed to is never overwritten: `branch_moved` then. Returns the commit and its base.
   */
  pushToBranch(name: string, request: CommitRequest, expected?: string): Promise<{ sha: string; base: string }>;
  /** Pushes a new commit that reverts `sha`, with the same retry as `commitAndPush`. */
  revert(sha: string, request: RevertRequest, options?: PushOptions): Promise<{ sha: string }>;
  /** The sha the working copy is at (the last sync or push); syncs first when there is none yet. */
  head(): Promise<string>;
  /**
   * Whether commit `revision` (fetched when not known yet) still holds commit `sha`: `sha` is `revision` or one of
   * its ancestors, and no commit between them reverts it (a `Triad-Reverts` trailer). False for a revision the branch
   * does not have.
   */
  holds(revision: string, sha: string): Promise<boolean>;
}

/**
 * The workspace: one clone (clone.ts) and its verbs, grouped by what they do: reading (read-verbs.ts), landing on the
 * watched branch (commit-verbs.ts), and pull request branches (branch-verbs.ts).
 */
export function createGitWorkspace(options: GitWorkspaceOptions): GitWorkspace {
  const clone = createClone(options);
  const { url, branch, git, serial, ensureClone, buildCommit } = clone;
  return {
    ...readVerbs(clone),
    ...commitVerbs(clone),
    ...branchVerbs({ url, branch, git, serial, ensureClone, buildCommit }),
  };
}
