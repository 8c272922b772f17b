import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createGitWorkspace, type GitWorkspace, type GitWorkspaceOptions } from '../git-workspace';
import { runGit } from '../run-git';

/** What a file in a test commit holds: text, bytes, a symlink target, or null to remove it. */
export type TestFile = string | Buffer | { symlink: string } | null;

/** A bare repository in a temp dir with branch `main`, plus a second clone that plays "another engineer". Tests only. */
export interface TestRemote {
  /** The temp dir holding everything; removed by `cleanup`. */
  root: string;
  /** Path of the bare repository. */
  url: string;
  /** Runs git (with a fixed identity) and returns trimmed stdout; cwd defaults to the bare repo. */
  git(args: readonly string[], options?: { cwd?: string; input?: string }): Promise<string>;
  /** Commits `files` from the other clone and pushes to main; returns the new sha. */
  pushFromOtherClone(files: Record<string, TestFile>, message?: string): Promise<string>;
  /** A workspace on this remote in `root/<name>`. */
  workspace(name: string, overrides?: Partial<GitWorkspaceOptions>): GitWorkspace;
  /** The sha main points at in the bare repo. */
  remoteHead(): Promise<string>;
  cleanup(): Promise<void>;
}

const IDENTITY = [
  '-c',
  'user.name=Other Engineer',
  '-c',
  'user.email=other@example.test',
  '-c',
  'commit.gpgsign=false',
];

export async function createTestRemote(initial: Record<string, TestFile> = {}): Promise<TestRemote> {
  const root = await mkdtemp(join(tmpdir(), 'triad-git-'));
  const url = join(root, 'remote.git');
  const other = join(root, 'other');
  const git = async (args: readonly string[], options: { cwd?: string; input?: string } = {}) =>
    (await runGit({ args: [...IDENTITY, ...args], cwd: options.cwd ?? url, input: options.input ?? '' })).stdout
      .toString('utf8')
      .trim();

  await git(['init', '--quiet', '--bare', '--initial-branch=main', url], { cwd: root });
  await git(['clone', '--quiet', url, other], { cwd: root });
  await git(['checkout', '--quiet', '-B', 'main'], { cwd: other });

  const pushFromOtherClone = async (files: Record<string, TestFile>, message = 'change from another engineer') => {
    await git(['fetch', '--quiet', 'origin'], { cwd: other });
    await git(['reset', '--quiet', '--hard', 'origin/main'], { cwd: other }).catch(() => undefined);
    for (const [path, content] of Object.entries(files)) {
      const file = join(other, path);
      await rm(file, { force: true });
      if (content === null) continue;
      await mkdir(dirname(file), { recursive: true });
      if (typeof content === 'object' && 'symlink' in content) await symlink(content.symlink, file);
      else await writeFile(file, content);
    }
    await git(['add', '--all'], { cwd: other });
    await git(['commit', '--quiet', '--allow-empty', '-m', message], { cwd: other });
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { cwd: other });
    return git(['rev-parse', 'HEAD'], { cwd: other });
  };

  await pushFromOtherClone({ 'README.md': '# homelab\n', ...initial }, 'initial commit');

  return {
    root,
    url,
    git,
    pushFromOtherClone,
    workspace: (name, overrides = {}) =>
      createGitWorkspace({
        url,
        branch: 'main',
        dir: join(root, name),
        author: { name: 'Triad', email: 'triad@example.test' },
        ...overrides,
      }),
    remoteHead: () => git(['rev-parse', 'refs/heads/main']),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
