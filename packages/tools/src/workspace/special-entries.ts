import { posix } from 'node:path';
import { decodeText, MAX_TEXT_FILE_BYTES, readBlobs } from '../git/blob-reader';
import type { RunGit } from '../git/run-git';

/** A tree entry the text file map leaves out, and why. */
export interface SpecialEntry {
  path: string;
  kind: 'symlink' | 'binary' | 'too-large' | 'submodule';
  /** Where a symlink points, as stored. */
  target?: string;
  /** Size in bytes, for blobs. */
  size?: number;
}

/**
 * The entries of commit `sha` that `GitWorkspace.readFiles` skips: symlinks (with their target), submodules, files
 * over 1 MiB and binary files, so the workspace can refuse them with a reason instead of calling them missing.
 */
export async function readSpecialEntries(runGit: RunGit, cwd: string, sha: string): Promise<SpecialEntry[]> {
  const { stdout } = await runGit({ args: ['ls-tree', '-r', '-z', '-l', '--full-tree', sha], cwd });
  const entries: SpecialEntry[] = [];
  const probe: { path: string; oid: string; symlink: boolean; size: number }[] = [];
  for (const line of stdout.toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(line);
    if (!match) continue;
    const [, mode, type, oid, size, path] = match as unknown as [string, string, string, string, string, string];
    if (type === 'commit') entries.push({ path, kind: 'submodule' });
    else if (mode === '120000') probe.push({ path, oid, symlink: true, size: Number(size) });
    else if (Number(size) > MAX_TEXT_FILE_BYTES) entries.push({ path, kind: 'too-large', size: Number(size) });
    else probe.push({ path, oid, symlink: false, size: Number(size) });
  }
  const blobs = await readBlobs(
    runGit,
    cwd,
    probe.map((p) => p.oid),
  );
  probe.forEach((entry, i) => {
    const blob = blobs[i];
    if (entry.symlink) entries.push({ path: entry.path, kind: 'symlink', target: blob?.toString('utf8') ?? '' });
    else if (blob && decodeText(blob) === undefined)
      entries.push({ path: entry.path, kind: 'binary', size: entry.size });
  });
  return entries.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Where a symlink at `path` with `target` resolves in the repo, or undefined when it leads out of it. */
export function resolveSymlink(path: string, target: string): string | undefined {
  if (target.startsWith('/')) return undefined;
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  return resolved === '..' || resolved.startsWith('../') ? undefined : resolved;
}
