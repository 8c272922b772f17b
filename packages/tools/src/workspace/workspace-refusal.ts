/** Why the workspace refused an operation; the caller (a model, a person) reads `message`. */
export const WORKSPACE_REFUSALS = [
  'path-outside-repo',
  'git-internals',
  'path-denied',
  'symlink',
  'too-large',
  'binary',
  'sops-encrypted',
  'not-found',
  'no-match',
  'ambiguous-match',
] as const;
export type WorkspaceRefusalCode = (typeof WORKSPACE_REFUSALS)[number];

export interface WorkspaceRefusal {
  /** Stable, machine-readable reason. */
  code: WorkspaceRefusalCode;
  /** The path as the caller gave it. */
  path: string;
  /** One line: what is wrong and what to do instead. */
  message: string;
}

/** An operation's outcome: its value, or a refusal (nothing changed). */
export type WorkspaceResult<T> = { ok: true; value: T } | { ok: false; refusal: WorkspaceRefusal };

export function refused<T>(code: WorkspaceRefusalCode, path: string, message: string): WorkspaceResult<T> {
  return { ok: false, refusal: { code, path, message } };
}

export function done<T>(value: T): WorkspaceResult<T> {
  return { ok: true, value };
}
