import { access, mkdir, readdir } from 'node:fs/promises';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { type FileEdit, TRAILERS, TriadError } from '@triad/core';
import { readSpecialEntries, type SpecialEntry } from '../workspace/special-entries';
import { applyEdits } from './apply-edits';
import { decodeText, MAX_TEXT_FILE_BYTES, readBlobs } from './blob-reader';
import { classifyPushFailure, type PushOutcome } from './push-outcome';
import { assertRepoPath } from './repo-path';
import { gitFailure, type RunGit, runGit as realGit } from './run-git';
import { createSerialQueue } from './serial-queue';
import { findCommitsWithTrailer, findCommitWithTrailer } from './trailer-search';
import { assertTrailer, formatCommitMessage, type Trailer } from './trailers';

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
   * git processes instead of `sync`'s six: what a reader that goes on with `readFiles` needs).
   */
  fetchHead(): Promise<string>;
  /** Every text file at `sha` (binaries and files over 1 MiB are skipped), path → content. */
  readFiles(sha: string): Promise<Map<string, string>>;
  /** One text file at `sha`, or undefined when it is missing, binary or over 1 MiB. */
  readFile(sha: string, path: string): Promise<string | undefined>;
  /** The entries at `sha` that `readFiles` leaves out (symlinks, submodules, binaries or invalid UTF-8, over 1 MiB), with why. */
  skippedFiles(sha: string): Promise<SpecialEntry[]>;
  /** Fetches, then finds the newest commit of `origin/<branch>` whose trailer `key` is exactly `value`. */
  findCommitByTrailer(key: string, value: string): Promise<string | undefined>;
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

export function createGitWorkspace(options: GitWorkspaceOptions): GitWorkspace {
  const { url, branch, dir, author } = options;
  const run = options.runGit ?? realGit;
  const remoteRef = `refs/remotes/origin/${branch}`;
  const serial = createSerialQueue();
  // Triad's commits: its own identity (env wins over config, so both), never signed, never a hook that could prompt.
  const config = [
    ['user.name', author.name],
    ['user.email', author.email],
    ['commit.gpgsign', 'false'],
    ['core.hooksPath', devNull],
    ['core.autocrlf', 'false'],
    ['advice.detachedHead', 'false'],
  ].flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };

  const git = async (args: readonly string[], input?: string) =>
    (await run({ args: [...config, ...args], cwd: dir, env, ...(input === undefined ? {} : { input }) })).stdout
      .toString('utf8')
      .trim();

  let ready: Promise<void> | undefined;
  /** `git init` + origin on first use: a clone, fetched by `fetch()`. Also repoints an existing clone at `url`. */
  const ensureClone = () => {
    ready ??= (async () => {
      if (!(await exists(join(dir, '.git')))) {
        await mkdir(dir, { recursive: true });
        if ((await readdir(dir)).length > 0) {
          throw new TriadError(`${dir} is not empty and not a git clone: point the workspace at an empty directory`, {
            code: 'workspace_dir_not_empty',
            domain: 'config',
          });
        }
        await git(['init', '--quiet']);
      }
      await git(['config', 'remote.origin.url', url]);
      await git(['config', 'remote.origin.fetch', `+refs/heads/${branch}:${remoteRef}`]);
    })();
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  };

  const fetch = async () => {
    await ensureClone();
    try {
      await git(['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${branch}:${remoteRef}`]);
    } catch (error) {
      if (/couldn't find remote ref/i.test(gitFailure(error)?.stderr ?? '')) {
        throw new TriadError(`branch ${branch} not found in ${url}: pass --branch`, {
          code: 'branch_not_found',
          domain: 'user',
          cause: error,
        });
      }
      throw error;
    }
  };

  /** fetch + hard reset + clean, dropping anything a crashed operation left behind. */
  const syncNow = async () => {
    await fetch();
    await git(['revert', '--quit']).catch(() => undefined);
    await git(['checkout', '--quiet', '--force', '-B', branch, remoteRef]);
    await git(['reset', '--quiet', '--hard', remoteRef]);
    await git(['clean', '-q', '-ffdx']);
    return git(['rev-parse', 'HEAD']);
  };

  /** The full sha of commit `rev`, fetching once (with `fetchNow`) when it is not known locally yet. */
  const resolveCommit = async (rev: string, fetchNow: () => Promise<void>) => {
    await ensureClone();
    const lookup = () => git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    try {
      return await lookup();
    } catch {
      await fetchNow();
      return lookup().catch((error: unknown) => {
        throw new TriadError(`revision ${rev} is not in ${url}: sync and use a sha from branch ${branch}`, {
          code: 'revision_not_found',
          domain: 'git',
          cause: error,
        });
      });
    }
  };

  const push = async (): Promise<PushOutcome> => {
    try {
      await git(['push', '--porcelain', '--no-verify', 'origin', `HEAD:refs/heads/${branch}`]);
      return 'pushed';
    } catch (error) {
      return classifyPushFailure(error, url, branch);
    }
  };

  /** Builds the commit with `prepare` on a fresh sync and pushes it; on a moved remote, does both again. */
  const pushWithRetry = async (maxAttempts: number, prepare: () => Promise<void>): Promise<PushResult> => {
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new TriadError(`maxAttempts must be a positive integer, got ${maxAttempts}`, {
        code: 'invalid_option',
        domain: 'internal',
      });
    }
    for (let attempt = 1; ; attempt++) {
      await prepare();
      if ((await push()) === 'pushed') return { sha: await git(['rev-parse', 'HEAD']), attempts: attempt };
      if (attempt >= maxAttempts) {
        throw new TriadError(
          `${url} branch ${branch} moved during each of ${maxAttempts} push attempts: retry later, when pushes to it are less busy`,
          { code: 'push_rejected', domain: 'git', retryable: true, details: { url, branch, attempts: attempt } },
        );
      }
    }
  };

  const commit = (message: string) =>
    git(['commit', '--quiet', '--no-verify', '--cleanup=whitespace', '-F', '-'], message);

  return {
    sync: () => serial(syncNow),

    fetchHead: () =>
      serial(async () => {
        await fetch();
        return git(['rev-parse', '--verify', '--quiet', remoteRef]);
      }),

    async readFiles(sha) {
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      const { stdout } = await run({ args: ['ls-tree', '-r', '-z', '-l', '--full-tree', commitSha], cwd: dir });
      const wanted: Array<{ path: string; oid: string }> = [];
      let bytes = 0;
      for (const entry of stdout.toString('utf8').split('\0')) {
        const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
        if (match?.[2] !== 'blob' || match[1] === '120000') continue;
        const size = Number(match[4]);
        if (size > MAX_TEXT_FILE_BYTES) continue;
        wanted.push({ path: match[5] ?? '', oid: match[3] ?? '' });
        bytes += size;
      }
      const oids = [...new Set(wanted.map(({ oid }) => oid))];
      const blobs = await readBlobs(run, dir, oids, bytes);
      const texts = new Map(oids.map((oid, i) => [oid, blobs[i] && decodeText(blobs[i])]));
      const files = new Map<string, string>();
      for (const { path, oid } of wanted) {
        const text = texts.get(oid);
        if (text !== undefined) files.set(path, text);
      }
      return files;
    },

    async skippedFiles(sha) {
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      return readSpecialEntries(run, dir, commitSha);
    },

    async readFile(sha, path) {
      assertRepoPath(path);
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      const [blob] = await readBlobs(run, dir, [`${commitSha}:${path}`]);
      return blob && decodeText(blob);
    },

    findCommitByTrailer: (key, value) =>
      serial(async () => {
        await fetch();
        return findCommitWithTrailer(run, dir, remoteRef, key, value);
      }),

    findCommitsByTrailer: (key, values) =>
      serial(async () => {
        await fetch();
        return findCommitsWithTrailer(run, dir, remoteRef, key, values);
      }),

    async commitAndPushEach(requests, { maxAttempts = 3 } = {}) {
      const messages = requests.map((request) => formatCommitMessage(request.message, request.trailers));
      return serial(async () => {
        let outcomes: BatchOutcome[] = [];
        await pushWithRetry(maxAttempts, async () => {
          outcomes = [];
          let head = await syncNow();
          for (const [index, request] of requests.entries()) {
            try {
              const edits = request.rebase
                ? request.rebase(
                    request.edits,
                    (await git(['ls-tree', '-r', '-z', '--name-only', head])).split('\0').filter(Boolean),
                  )
                : request.edits;
              const paths = editedPaths(edits);
              await applyEdits(dir, edits, head);
              if (paths.length > 0) await git(['--literal-pathspecs', 'add', '--all', '--', ...paths]);
              if (await nothingStaged()) throw emptyChange(`the edits change nothing at ${head.slice(0, 12)}`);
              await commit(messages[index] ?? '');
              head = await git(['rev-parse', 'HEAD']);
              outcomes.push({ sha: head });
            } catch (error) {
              if (!TriadError.is(error) || !LEFT_OUT.has(error.code)) throw error;
              // Back to the last commit of the batch: whatever this request wrote or staged is dropped.
              await git(['reset', '--quiet', '--hard', head]);
              await git(['clean', '-q', '-ffdx']);
              outcomes.push({ error });
            }
          }
        });
        return outcomes;
      });
    },

    async commitAndPush(request, { maxAttempts = 3 } = {}) {
      editedPaths(request.edits);
      const message = formatCommitMessage(request.message, request.trailers);
      return serial(() =>
        pushWithRetry(maxAttempts, async () => {
          const base = await syncNow();
          const edits = request.rebase
            ? request.rebase(
                request.edits,
                (await git(['ls-tree', '-r', '-z', '--name-only', base])).split('\0').filter(Boolean),
              )
            : request.edits;
          const paths = editedPaths(edits);
          await applyEdits(dir, edits, base);
          if (paths.length > 0) await git(['--literal-pathspecs', 'add', '--all', '--', ...paths]);
          if (await nothingStaged()) throw emptyChange(`the edits change nothing at ${base.slice(0, 12)}`);
          await commit(message);
        }),
      );
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
        }),
      ).then(({ sha: reverted }) => ({ sha: reverted }));
    },

    head: () =>
      serial(async () => {
        await ensureClone();
        return git(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(syncNow);
      }),

    async holds(revision, sha) {
      const known = (rev: string) =>
        resolveCommit(rev, () => serial(fetch)).catch((error: unknown) => {
          if (TriadError.is(error, 'revision_not_found')) return undefined;
          throw error;
        });
      const [later, earlier] = [await known(revision), await known(sha)];
      if (!later || !earlier || !(await isAncestor(earlier, later))) return false;
      return (await findCommitWithTrailer(run, dir, `${earlier}..${later}`, TRAILERS.reverts, earlier)) === undefined;
    },
  };

  async function nothingStaged(): Promise<boolean> {
    try {
      await git(['diff', '--cached', '--quiet']);
      return true;
    } catch (error) {
      if (gitFailure(error)?.exitCode === 1) return false;
      throw error;
    }
  }

  async function isAncestor(commitSha: string, rev: string): Promise<boolean> {
    try {
      await git(['merge-base', '--is-ancestor', commitSha, rev]);
      return true;
    } catch (error) {
      if (gitFailure(error)?.exitCode === 1) return false;
      throw error;
    }
  }
}

/** The paths `edits` touch, each checked to stay inside the repository and to be edited once. */
function editedPaths(edits: readonly FileEdit[]): string[] {
  const paths = edits.map((edit) => assertRepoPath(edit.path));
  const duplicate = paths.find((path, i) => paths.indexOf(path) !== i);
  if (duplicate !== undefined) {
    throw new TriadError(`${duplicate} is edited twice in one change: merge the edits into one`, {
      code: 'duplicate_edit',
      domain: 'git',
    });
  }
  return paths;
}

/** Errors that leave one request out of a batch instead of failing the batch. */
const LEFT_OUT = new Set(['stale_edit', 'empty_change', 'path_refused']);

function emptyChange(what: string): TriadError {
  return new TriadError(`${what}: nothing to commit, so drop the change or draft it again`, {
    code: 'empty_change',
    domain: 'git',
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
