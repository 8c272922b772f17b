import type { RunGit } from './run-git';
import { assertTrailer } from './trailers';

/**
 * The newest commit reachable from `rev` whose trailer `key` has exactly `value` (git compares keys without case).
 * `--grep` narrows the walk to messages that contain the value; the exact check happens on the parsed trailers.
 */
export async function findCommitWithTrailer(
  runGit: RunGit,
  cwd: string,
  rev: string,
  key: string,
  value: string,
): Promise<string | undefined> {
  assertTrailer([key, value]);
  const { stdout } = await runGit({
    args: [
      'log',
      '--fixed-strings',
      `--grep=${value}`,
      `--format=%H%x00%(trailers:key=${key},valueonly,separator=%x1f)%x1e`,
      rev,
      '--',
    ],
    cwd,
  });
  for (const record of stdout.toString('utf8').split('\x1e')) {
    const [sha, values = ''] = record.trim().split('\0');
    if (!sha) continue;
    if (values.split('\x1f').some((candidate) => candidate.trim() === value)) return sha;
  }
  return undefined;
}
