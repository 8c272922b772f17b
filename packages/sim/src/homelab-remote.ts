import { execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** examples/homelab in this repository. */
export const HOMELAB_EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/homelab');

/** A bare repository (branch `main`, one commit) holding a copy of `source`, in `dir` or a new temp dir. */
export async function createBareRemote(
  source = HOMELAB_EXAMPLE,
  dir?: string,
): Promise<{ dir: string; remote: string }> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'triad-sim-repo-')));
  const work = join(root, 'seed');
  await cp(source, work, { recursive: true });
  const who = ['-c', 'user.name=Homelab Owner', '-c', 'user.email=owner@example.org', '-c', 'commit.gpgsign=false'];
  await run('git', ['init', '-q', '-b', 'main', work]);
  await run('git', ['-C', work, 'add', '-A']);
  await run('git', ['-C', work, ...who, 'commit', '-q', '-m', 'homelab']);
  const remote = join(root, 'remote.git');
  await run('git', ['clone', '-q', '--bare', work, remote]);
  return { dir: root, remote };
}
