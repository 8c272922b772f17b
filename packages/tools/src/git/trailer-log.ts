import { type RunGit, runGit } from './run-git';

/** One commit as the audit trail shows it. */
export interface TrailerLogEntry {
  sha: string;
  subject: string;
  /** Its trailers by key (`Triad-Task`, `Approved-by`…); the last one wins when a key repeats. */
  trailers: Record<string, string>;
  /** Every value of each key, in order: two approvers are two `Approved-by` lines. */
  allTrailers: Record<string, string[]>;
}

/** The history of `branch` in the repository at `repoPath` (bare or not), newest first, with each commit's trailers. */
export async function readTrailerLog(
  repoPath: string,
  branch = 'main',
  run: RunGit = runGit,
): Promise<TrailerLogEntry[]> {
  const { stdout } = await run({
    args: ['-C', repoPath, 'log', branch, '--format=%H%x1f%s%x1f%(trailers:unfold,separator=%x1d)%x1e'],
  });
  return stdout
    .toString('utf8')
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [sha = '', subject = '', block = ''] = entry.split('\x1f');
      const trailers: Record<string, string> = {};
      const allTrailers: Record<string, string[]> = {};
      for (const line of block.split('\x1d').filter(Boolean)) {
        const at = line.indexOf(':');
        const [key, value] = [line.slice(0, at).trim(), line.slice(at + 1).trim()];
        trailers[key] = value;
        allTrailers[key] = [...(allTrailers[key] ?? []), value];
      }
      return { sha, subject, trailers, allTrailers };
    });
}
