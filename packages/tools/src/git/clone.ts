import { access, mkdir, readdir, readFile } from 'node:fs/promises';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { TriadError } from '@triad/core';
import { applyEdits } from './apply-edits';
import { editedPaths, emptyChange } from './edited-paths';
import type { CommitRequest, GitWorkspaceOptions } from './git-workspace';
import { classifyPushFailure, type PushOutcome } from './push-outcome';
import { gitFailure, type RunGit, runGit as realGit } from './run-git';
import { createSerialQueue, type SerialQueue } from './serial-queue';

/**
 * One working clone of the GitOps remote and the git steps every verb of the workspace is made of: fetch, sync,
 * resolve, build a commit, push with retry. The verbs (read-verbs, commit-verbs, branch-verbs) compose these; only
 * they are public, through `createGitWorkspace`.
 */
export interface Clone {
  url: string;
  branch: string;
  dir: string;
  /** The real git (or a test's wrapper), for commands that need raw output. */
  run: RunGit;
  /** `refs/remotes/origin/<branch>`. */
  remoteRef: string;
  /** Every verb runs its git work through it: one git operation at a time in this clone. */
  serial: SerialQueue;
  /** Runs git in the clone with Triad's identity and settings; trimmed stdout. */
  git(args: readonly string[], input?: string): Promise<string>;
  /** `git init` + origin on first use; also repoints an existing clone at `url`. */
  ensureClone(): Promise<void>;
  /** Fetches the watched branch. */
  fetch(): Promise<void>;
  /** fetch + hard reset + clean, dropping anything a crashed operation left behind; returns the head sha. */
  syncNow(): Promise<string>;
  /** The full sha of commit `rev`, fetching once (with `fetchNow`) when it is not known locally yet. */
  resolveCommit(rev: string, fetchNow: () => Promise<void>): Promise<string>;
  /** Pushes HEAD to the watched branch: `pushed`, or `remote_moved` when the remote went ahead (other failures throw). */
  push(): Promise<PushOutcome>;
  /** Applies `request`'s edits (rebased when asked) on `head`, commits them with `message`; returns the new head. */
  commitOn(head: string, request: CommitRequest, message: string): Promise<string>;
  /** Syncs, then `commitOn` the synced head; returns the base sha. */
  /** Syncs, then commits `request` on the fresh head (`base`); `sha` is the commit made. */
  buildCommit(request: CommitRequest, message: string): Promise<{ base: string; sha: string }>;
  isAncestor(commitSha: string, rev: string): Promise<boolean>;
}

/**
 * The commit the last fetch in the clone `dir` brought, from `.git/FETCH_HEAD` (`<sha>\t\tbranch 'main' of <url>`,
 * one line per ref fetched: the workspace fetches one). Undefined when the file is not there or not of that form.
 */
export async function fetchedHead(dir: string): Promise<string | undefined> {
  const text = await readFile(join(dir, '.git', 'FETCH_HEAD'), 'utf8').catch(() => '');
  const lines = text.split('\n').filter((line) => line !== '');
  return lines.length === 1 ? /^([0-9a-f]{40}|[0-9a-f]{64})\t/.exec(lines[0]!)?.[1] : undefined;
}

export function createClone(options: GitWorkspaceOptions): Clone {
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
  /** Set by a new clone until its first fetch has landed. */
  let empty = false;
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
        // One process for the remote and its refspec: a first observation waits for each git process of the clone.
        await git(['remote', 'add', '-t', branch, 'origin', url]);
        empty = true;
        return;
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
    // A first fetch of fewer than 100 objects (a small repository) would be unpacked into loose objects, each written
    // and synced on its own (about 130 ms for 120 objects, against 20 ms for keeping the one pack it came as).
    const keepPack = empty ? ['-c', 'fetch.unpackLimit=1'] : [];
    try {
      await git([...keepPack, 'fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${branch}:${remoteRef}`]);
      empty = false;
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

  // Each git process costs a busy worker ~10 ms of event loop: a sync runs the ones it needs, not one per habit.
  const syncNow = async () => {
    await fetch();
    // A revert that a crash left half-done keeps its state in .git: forgotten here, so the checkout can go on.
    if ((await exists(join(dir, '.git', 'sequencer'))) || (await exists(join(dir, '.git', 'REVERT_HEAD')))) {
      await git(['revert', '--quit']).catch(() => undefined);
    }
    // --force -B puts the branch, the index and the tracked files at the fetched head; clean drops the rest.
    await git(['checkout', '--quiet', '--force', '-B', branch, remoteRef]);
    await git(['clean', '-q', '-ffdx']);
    return (await fetchedHead(dir)) ?? git(['rev-parse', 'HEAD']);
  };

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

  const nothingStaged = async (): Promise<boolean> => {
    try {
      await git(['diff', '--cached', '--quiet']);
      return true;
    } catch (error) {
      if (gitFailure(error)?.exitCode === 1) return false;
      throw error;
    }
  };

  const commitOn = async (head: string, request: CommitRequest, message: string): Promise<string> => {
    const edits = request.rebase
      ? request.rebase(
          request.edits,
          (await git(['ls-tree', '-r', '-z', '--name-only', head])).split('\0').filter(Boolean),
        )
      : request.edits;
    const paths = editedPaths(edits);
    await applyEdits(dir, edits, head);
    if (paths.length > 0) await git(['--literal-pathspecs', 'add', '--all', '--', ...paths]);
    // git refuses a commit of nothing: only then is the index asked why (a process fewer per commit that lands).
    try {
      await git(['commit', '--quiet', '--no-verify', '--cleanup=whitespace', '-F', '-'], message);
    } catch (error) {
      if (await nothingStaged()) throw emptyChange(`the edits change nothing at ${head.slice(0, 12)}`);
      throw error;
    }
    return git(['rev-parse', 'HEAD']);
  };

  const buildCommit = async (request: CommitRequest, message: string) => {
    const base = await syncNow();
    return { base, sha: await commitOn(base, request, message) };
  };

  const isAncestor = async (commitSha: string, rev: string): Promise<boolean> => {
    try {
      await git(['merge-base', '--is-ancestor', commitSha, rev]);
      return true;
    } catch (error) {
      if (gitFailure(error)?.exitCode === 1) return false;
      throw error;
    }
  };

  return {
    url,
    branch,
    dir,
    run,
    remoteRef,
    serial,
    git,
    ensureClone,
    fetch,
    syncNow,
    resolveCommit,
    push,
    commitOn,
    buildCommit,
    isAncestor,
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
