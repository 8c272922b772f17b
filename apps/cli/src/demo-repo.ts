import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const AUTHOR = ['-c', 'user.name=Homelab Owner', '-c', 'user.email=owner@homelab.local', '-c', 'commit.gpgsign=false'];

/**
 * Turns a directory of manifests into what a real GitOps remote looks like: a bare repository with one commit on
 * `main`. Returns the bare repository's path.
 */
export async function createBareRepoFrom(source: string, into: string): Promise<string> {
  const work = join(into, 'homelab');
  const bare = join(into, 'homelab.git');
  await cp(source, work, { recursive: true });
  await run('git', ['init', '-q', '-b', 'main', work]);
  await run('git', ['-C', work, 'add', '-A']);
  await run('git', ['-C', work, ...AUTHOR, 'commit', '-q', '-m', 'Homelab cluster as it is today']);
  await run('git', ['clone', '-q', '--bare', work, bare]);
  return bare;
}

/** `git log` of the remote with each commit's trailers: the audit trail a person reads. */
export async function auditLog(bare: string): Promise<string> {
  const { stdout } = await run('git', ['-C', bare, 'log', '--format=%h %s%x1f%(trailers:unfold)%x1e', 'main']);
  return stdout
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [subject = '', trailers = ''] = entry.split('\x1f');
      const lines = trailers.split('\n').filter(Boolean);
      return [subject, ...lines.map((line) => `    ${line}`)].join('\n');
    })
    .join('\n');
}
