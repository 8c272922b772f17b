import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { TriadError } from '@triad/core';
import { gitFailure, type RunGit, runGit as realGit } from './run-git';

/** A GitOps remote Triad can clone and push to. */
export interface RepoLocation {
  /** What to pass to `createGitWorkspace`: an absolute path for a local repository, else the URL as given. */
  url: string;
  /** The sha the branch points at now. */
  sha: string;
}

export interface InspectOptions {
  /**
   * Whether the session will push to `branch` itself (commit mode). A dry run pushes nothing and a pr-mode session
   * pushes branches of its own, so either may read a working checkout with `branch` checked out. Default true.
   */
  pushesToBranch?: boolean;
  runGit?: RunGit;
}

/**
 * Checks before a session starts that `urlOrPath` is a repository with `branch` (that can take pushes, when the
 * session pushes to it). Throws TriadError (domain `user`): `not_a_git_repo`, `branch_not_found`, or
 * `checked_out_branch` for a non-bare local repository with `branch` checked out (git refuses pushes to it).
 */
export async function inspectRepo(
  urlOrPath: string,
  branch: string,
  { pushesToBranch = true, runGit = realGit }: InspectOptions = {},
): Promise<RepoLocation> {
  const local = await localPath(urlOrPath);
  const url = local ?? urlOrPath;
  const checkedOut = local === undefined ? undefined : await checkedOutBranch(runGit, local);

  let listing: string;
  try {
    const { stdout } = await runGit({ args: ['ls-remote', '--heads', '--', url, `refs/heads/${branch}`] });
    listing = stdout.toString('utf8');
  } catch (error) {
    const stderr = gitFailure(error)?.stderr ?? '';
    const reason = stderr
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0);
    throw notARepo(urlOrPath, reason, error);
  }
  const sha = listing
    .split('\n')
    .map((line) => line.split('\t'))
    .find(([, ref]) => ref === `refs/heads/${branch}`)?.[0];
  if (!sha) {
    throw new TriadError(`branch ${branch} not found in ${url}: pass --branch`, {
      code: 'branch_not_found',
      domain: 'user',
      details: { url, branch },
    });
  }
  if (pushesToBranch && checkedOut === branch) {
    throw new TriadError(
      `${url} has branch ${branch} checked out, so git refuses pushes to it: pass a bare clone (git clone --bare ${url} ${url}.git)`,
      { code: 'checked_out_branch', domain: 'user', details: { url, branch } },
    );
  }
  return { url, sha };
}

/**
 * The branch a repository's HEAD names (what `git clone` checks out): `master` for many older repositories. Undefined
 * when it cannot be read (no such repository, a remote that hides HEAD); the caller's default stands then, and the
 * session start says what is wrong.
 */
export async function defaultBranch(urlOrPath: string, runGit: RunGit = realGit): Promise<string | undefined> {
  const local = await localPath(urlOrPath).catch(() => undefined);
  try {
    const { stdout } = await runGit({ args: ['ls-remote', '--symref', '--', local ?? urlOrPath, 'HEAD'] });
    return /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(stdout.toString('utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** An absolute path when `urlOrPath` names something on this machine, undefined for a URL. */
async function localPath(urlOrPath: string): Promise<string | undefined> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(urlOrPath)) return undefined;
  const absolute = resolve(urlOrPath);
  if (await stat(absolute).catch(() => undefined)) return absolute;
  // `host:path` and `user@host:path` are ssh remotes (scp syntax): a colon before any slash.
  if (/^[^/]+:/.test(urlOrPath)) return undefined;
  throw notARepo(urlOrPath);
}

/**
 * For a local repository: the branch a non-bare repository has checked out, when git would refuse a push to it;
 * undefined for a bare repository. Looks at `path` alone, never at a repository around it.
 */
async function checkedOutBranch(runGit: RunGit, path: string): Promise<string | undefined> {
  const git = async (...args: string[]) =>
    (await runGit({ args, cwd: path, env: { GIT_CEILING_DIRECTORIES: dirname(path) } })).stdout.toString('utf8').trim();
  let bare: string;
  try {
    if (!(await stat(path)).isDirectory()) throw notARepo(path);
    bare = await git('rev-parse', '--is-bare-repository');
  } catch (error) {
    throw TriadError.is(error, 'not_a_git_repo') ? error : notARepo(path, undefined, error);
  }
  if (bare === 'true') return undefined;
  const accepts = await git('config', '--get', 'receive.denyCurrentBranch').catch(() => '');
  if (['ignore', 'warn', 'updateInstead', 'false'].includes(accepts)) return undefined;
  return git('symbolic-ref', '--quiet', '--short', 'HEAD').catch(() => undefined);
}

function notARepo(path: string, reason?: string, cause?: unknown): TriadError {
  const because = reason ? ` (${reason})` : '';
  return new TriadError(
    `${path} is not a git repository${because}: pass a bare repository or a URL that \`git clone\` accepts`,
    { code: 'not_a_git_repo', domain: 'user', cause, details: { path } },
  );
}
