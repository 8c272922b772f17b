import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Finding } from '@triad/core';
import { isYamlPath } from '@triad/core';

const MAX_FILE_BYTES = 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const READ_CONCURRENCY = 32;

/** A YAML file the scan did not read, and why. */
export interface SkippedFile {
  path: string;
  reason: 'symlink' | 'too-large' | 'invalid-utf8';
  /** One line for the person reading the scan. */
  detail: string;
}

/** The YAML files of a repository on disk, as the analyzers read them, and those left out with the reason. */
export interface RepoTree {
  files: Map<string, string>;
  skipped: SkippedFile[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The YAML files of a repository on disk (path → text); symlinks, files over 1 MiB and invalid UTF-8 are skipped, and listed. */
export async function readRepoTree(root: string): Promise<RepoTree> {
  const files = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const candidates: { full: string; path: string }[] = [];
  // Directories are listed side by side; the order of the result comes from the sort below.
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const below: Promise<void>[] = [];
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) below.push(walk(full));
      } else if (isYamlPath(entry.name) && entry.isSymbolicLink()) {
        skipped.push({ path, reason: 'symlink', detail: 'a symbolic link: never followed' });
      } else if (isYamlPath(entry.name) && entry.isFile()) {
        candidates.push({ full, path });
      }
    }
    await Promise.all(below);
  };
  await walk(root);
  // Files are read a few dozen at a time: one after another, a repository of 10,000 files waited seconds on the disk.
  const read = async ({ full, path }: { full: string; path: string }): Promise<void> => {
    const { size } = await lstat(full);
    if (size > MAX_FILE_BYTES) {
      skipped.push({ path, reason: 'too-large', detail: `${size} bytes, over the 1 MiB limit` });
      return;
    }
    try {
      files.set(path, utf8.decode(await readFile(full)));
    } catch {
      skipped.push({ path, reason: 'invalid-utf8', detail: 'not valid UTF-8' });
    }
  };
  let next = 0;
  const reader = async () => {
    while (next < candidates.length) await read(candidates[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, candidates.length) }, reader));
  const byPath = (a: { path: string } | [string, unknown], b: { path: string } | [string, unknown]) => {
    const [x, y] = [Array.isArray(a) ? a[0] : a.path, Array.isArray(b) ? b[0] : b.path];
    return x < y ? -1 : 1;
  };
  return { files: new Map([...files].sort(byPath)), skipped: skipped.sort(byPath) };
}

/** The YAML files of a repository on disk (path → text), as the analyzers read them; see `readRepoTree`. */
export async function readRepoFiles(root: string): Promise<Map<string, string>> {
  return (await readRepoTree(root)).files;
}

/** Each skipped file as an `info` finding, so text, JSON and SARIF output all say what was not scanned and why. */
export function skippedFindings(skipped: readonly SkippedFile[]): Finding[] {
  return skipped.map((s) => ({
    id: `file-skipped/File/_/${s.path}`,
    check: 'file-skipped',
    severity: 'info',
    category: 'stability',
    resource: { kind: 'File', name: s.path },
    file: s.path,
    message: `${s.path} was not scanned: ${s.detail}.`,
    fixable: false,
    evidence: { reason: s.reason },
  }));
}
