import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './harness';

/** A clone in a temp dir, playing a person or the forge's merge button. */
async function clone(remote: string, dirs: string[], branch = 'main'): Promise<(...args: string[]) => Promise<string>> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-pr-'));
  dirs.push(dir);
  await run('git', ['clone', '--quiet', '--branch', branch, remote, dir]);
  const identity = ['-c', 'user.name=Carol', '-c', 'user.email=carol@example.test', '-c', 'commit.gpgsign=false'];
  return async (...args) => (await run('git', [...identity, '-C', dir, ...args])).stdout.trim();
}

/** What a forge's merge button does: a merge commit of the branch into main, pushed. Returns its sha. */
export async function mergeLikeForge(remote: string, branch: string, number: number, dirs: string[]): Promise<string> {
  const git = await clone(remote, dirs);
  await git('fetch', '--quiet', 'origin', `${branch}:${branch}`);
  await git('merge', '--quiet', '--no-ff', '-m', `Merge pull request #${number} from ${branch}`, branch);
  await git('push', '--quiet', 'origin', 'main');
  return git('rev-parse', 'HEAD');
}

/** A person's commit on `branch` of the remote (a file of their own). */
export async function pushAsPerson(remote: string, branch: string, file: string, dirs: string[]): Promise<string> {
  const git = await clone(remote, dirs, branch);
  await writeFile(join((await git('rev-parse', '--show-toplevel')) || '.', file), `${file} by a person\n`);
  await git('add', file);
  await git('commit', '--quiet', '-m', `docs: ${file}`);
  await git('push', '--quiet', 'origin', branch);
  return git('rev-parse', 'HEAD');
}
