import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { TriadError } from '@triad/core';

/**
 * Refuses a path that is not a plain repo-relative POSIX path: absolute, `..`/`.` segments, backslashes,
 * control characters, or anything inside a `.git` directory. Returns the path unchanged when it is fine.
 */
export function assertRepoPath(path: string): string {
  const reason = refusalReason(path);
  if (reason) throw pathRefused(path, reason);
  return path;
}

/**
 * Refuses a path whose parent directories include a symlink in the working copy, since writing through it could
 * land outside the repository. Call after `assertRepoPath`.
 */
export async function assertNoSymlinkParents(root: string, path: string): Promise<void> {
  const segments = path.split('/');
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    current = join(current, segment);
    const stat = await lstat(current).catch(() => undefined);
    if (!stat) return;
    if (stat.isSymbolicLink()) throw pathRefused(path, 'it goes through a symbolic link');
  }
}

function refusalReason(path: string): string | undefined {
  if (path.length === 0) return 'it is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'it contains control characters';
  if (path.includes('\\')) return 'it contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'it is absolute';
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..')) return 'it escapes the repository';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'it is not normalised';
  if (segments.some((segment) => segment.toLowerCase() === '.git')) return 'it enters .git';
  return undefined;
}

function pathRefused(path: string, reason: string): TriadError {
  return new TriadError(
    `refused path ${JSON.stringify(path)}: ${reason}; edits must use repo-relative POSIX paths outside .git`,
    { code: 'path_refused', domain: 'guardrail', details: { path, reason } },
  );
}
