import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBranch, inspectRepo } from './inspect-repo';
import { createTestRemote, type TestRemote } from './test-support/test-remote';

describe.sequential('inspectRepo', () => {
  let remote: TestRemote;
  let scratch: string;

  beforeAll(async () => {
    remote = await createTestRemote();
    scratch = await mkdtemp(join(tmpdir(), 'triad-inspect-'));
  });

  afterAll(async () => {
    await remote.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  it('accepts a bare repository given by a relative path and resolves it', async () => {
    const location = await inspectRepo(relative(process.cwd(), remote.url), 'main');
    expect(location).toEqual({ url: remote.url, sha: await remote.remoteHead() });
  });

  it('refuses a plain directory, even one inside another repository, and a missing path', async () => {
    const plain = join(scratch, 'plain');
    await mkdir(plain);
    await expect(inspectRepo(plain, 'main')).rejects.toMatchObject({ code: 'not_a_git_repo', domain: 'user' });
    await expect(inspectRepo(plain, 'main')).rejects.toThrow(
      `${plain} is not a git repository: pass a bare repository or a URL that \`git clone\` accepts`,
    );
    const nested = join(remote.root, 'other', 'apps');
    await mkdir(nested);
    await expect(inspectRepo(nested, 'main')).rejects.toMatchObject({ code: 'not_a_git_repo' });
    await expect(inspectRepo(join(scratch, 'missing'), 'main')).rejects.toMatchObject({ code: 'not_a_git_repo' });
  });

  it('refuses a missing branch and says to pass --branch', async () => {
    await expect(inspectRepo(remote.url, 'production')).rejects.toMatchObject({ code: 'branch_not_found' });
    await expect(inspectRepo(remote.url, 'production')).rejects.toThrow(
      `branch production not found in ${remote.url}: pass --branch`,
    );
  });

  it('refuses a non-bare repository with the branch checked out and says to pass a bare clone', async () => {
    const other = join(remote.root, 'other');
    await expect(inspectRepo(other, 'main')).rejects.toMatchObject({ code: 'checked_out_branch', domain: 'user' });
    await expect(inspectRepo(other, 'main')).rejects.toThrow(`git clone --bare ${other} ${other}.git`);
    // A session that does not push to the branch (a dry run, pr mode) may read the checkout as it is.
    await expect(inspectRepo(other, 'main', { pushesToBranch: false })).resolves.toMatchObject({
      url: other,
      sha: await remote.git(['rev-parse', 'HEAD'], { cwd: other }),
    });
    // A branch that is not checked out can take pushes.
    await remote.git(['branch', 'staging'], { cwd: other });
    await expect(inspectRepo(other, 'staging')).resolves.toMatchObject({ url: other });
  });

  it("reads the branch a repository's HEAD names, for repositories whose default is not main", async () => {
    const git = promisify(execFile);
    const legacy = join(scratch, 'legacy.git');
    await git('git', ['clone', '--bare', '--quiet', remote.url, legacy]);
    await git('git', ['--git-dir', legacy, 'branch', '-m', 'main', 'master']);
    expect(await defaultBranch(legacy)).toBe('master');
    expect(await defaultBranch(relative(process.cwd(), remote.url))).toBe('main');
    // Nothing to read: the caller's default stands, and inspectRepo says what is wrong.
    expect(await defaultBranch(join(scratch, 'missing'))).toBeUndefined();
  });
});
