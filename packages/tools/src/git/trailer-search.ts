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
  return (await findCommitsWithTrailer(runGit, cwd, rev, key, [value])).get(value);
}

/** For each of `values`, the newest commit reachable from `rev` whose trailer `key` is exactly it: one walk for all. */
export async function findCommitsWithTrailer(
  runGit: RunGit,
  cwd: string,
  rev: string,
  key: string,
  values: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (values.length === 0) return found;
  for (const value of values) assertTrailer([key, value]);
  const wanted = new Set(values);
  const { stdout } = await runGit({
    args: [
      'log',
      '--fixed-strings',
      ...values.map((value) => `--grep=${value}`), // several --grep match any of them
      `--format=%H%x00%(trailers:key=${key},valueonly,separator=%x1f)%x1e`,
      rev,
      '--',
    ],
    cwd,
  });
  for (const record of stdout.toString('utf8').split('\x1e')) {
    const [sha, carried = ''] = record.trim().split('\0');
    if (!sha) continue;
    for (const candidate of carried.split('\x1f').map((v) => v.trim())) {
      if (wanted.has(candidate) && !found.has(candidate)) found.set(candidate, sha);
    }
  }
  return found;
}
