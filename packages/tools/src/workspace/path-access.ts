import type { GuardrailConfig } from '@triad/core';
import { checkPath } from '@triad/policy';
import { resolveSymlink, type SpecialEntry } from './special-entries';
import { refused, type WorkspaceResult } from './workspace-refusal';

const OPEN_POLICY: GuardrailConfig = {
  maxFiles: Number.MAX_SAFE_INTEGER,
  maxChangedLines: Number.MAX_SAFE_INTEGER,
  deny: [],
  allow: [],
};

/**
 * Whether `path` may be read (`write: false`) or written: a normalised repo-relative path, outside `.git`, not through
 * a symlink (wherever it leads: the git layer refuses to write through one too), and for writes allowed by the path
 * policy. The special entry at the path, if any, is returned for the caller to judge.
 */
export function checkAccess(
  path: string,
  special: ReadonlyMap<string, SpecialEntry>,
  write: false | GuardrailConfig,
): WorkspaceResult<SpecialEntry | undefined> {
  if (path.split('/').some((segment) => segment.toLowerCase() === '.git')) {
    return refused(
      'git-internals',
      path,
      `${path} is inside .git: Git internals are never read or written; work on the manifests.`,
    );
  }
  const outside = checkPath(path, OPEN_POLICY).find((r) => r.rule === 'path-outside-repo');
  if (outside) return refused('path-outside-repo', path, outside.message);
  const segments = path.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    const entry = special.get(prefix);
    if (entry?.kind !== 'symlink') continue;
    const inside = resolveSymlink(prefix, entry.target ?? '');
    return refused(
      'symlink',
      path,
      inside === undefined
        ? `${prefix} is a symbolic link that leads outside the repository (${entry.target}): it is never followed.`
        : `${prefix} is a symbolic link to ${inside}: use ${inside}${path.slice(prefix.length)} instead.`,
    );
  }
  if (write) {
    const denied = checkPath(path, write).find((r) => r.rule === 'path-denied');
    if (denied) return refused('path-denied', path, denied.message);
  }
  return { ok: true, value: special.get(path) };
}
