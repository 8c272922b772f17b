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
  return (await readTree(runGit, cwd, sha)).skipped;
}

/**
 * The text files of commit `sha` (blobs of at most 1 MiB that decode as UTF-8) and the entries it leaves out
 * (symlinks with their targets, submodules, larger files, binaries), from one `ls-tree` and one read of the blobs.
 */
export async function readTree(
  runGit: RunGit,
  cwd: string,
  sha: string,
): Promise<{ files: Map<string, string>; skipped: SpecialEntry[] }> {
  const { stdout } = await runGit({ args: ['ls-tree', '-r', '-z', '-l', '--full-tree', sha], cwd });
  const wanted: Array<{ path: string; oid: string; symlink: boolean; size: number }> = [];
  const skipped: SpecialEntry[] = [];
  let bytes = 0;
  for (const entry of stdout.toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const [, mode, type, oid, sizeText, path] = match as unknown as [string, string, string, string, string, string];
    const size = Number(sizeText);
    if (type === 'commit') skipped.push({ path, kind: 'submodule' });
    else if (type !== 'blob') continue;
    else if (mode === '120000') wanted.push({ path, oid, symlink: true, size });
    else if (size > MAX_TEXT_FILE_BYTES) skipped.push({ path, kind: 'too-large', size });
    else {
      wanted.push({ path, oid, symlink: false, size });
      bytes += size;
    }
  }
  const oids = [...new Set(wanted.map(({ oid }) => oid))];
  const blobs = await readBlobs(runGit, cwd, oids, bytes);
  const byOid = new Map(oids.map((oid, i) => [oid, blobs[i]]));
  const files = new Map<string, string>();
  for (const { path, oid, symlink, size } of wanted) {
    const blob = byOid.get(oid);
    if (symlink) {
      skipped.push({ path, kind: 'symlink', target: blob?.toString('utf8') ?? '' });
      continue;
    }
    const text = blob && decodeText(blob);
    if (text !== undefined) files.set(path, text);
    else if (blob) skipped.push({ path, kind: 'binary', size });
  }
  return { files, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** Where a symlink at `path` with `target` resolves in the repo, or undefined when it leads out of it. */
export function resolveSymlink(path: string, target: string): string | undefined {
  if (target.startsWith('/')) return undefined;
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  return resolved === '..' || resolved.startsWith('../') ? undefined : resolved;
}
