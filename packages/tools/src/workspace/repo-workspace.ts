import type { FileEdit, GuardrailConfig, RepoFiles } from '@triad/core';
import { type ChangeCheck, checkChange } from '@triad/policy';
import picomatch from 'picomatch';
import { MAX_TEXT_FILE_BYTES } from '../git/blob-reader';
import { maskedDiff } from '../git/masked-diff';
import { checkAccess } from './path-access';
import { sopsView } from './sops-view';
import type { SpecialEntry } from './special-entries';
import { done, refused, type WorkspaceResult } from './workspace-refusal';

export interface RepoWorkspaceOptions {
  /** Text files at the base revision (what `GitWorkspace.readFiles` returns). */
  files: RepoFiles;
  /** Entries the text map leaves out (symlinks, binaries, large files), so they are refused with a reason. */
  special?: readonly SpecialEntry[];
  /** Path policy and limits; the built-in deny list always applies. */
  guardrails: GuardrailConfig;
}

/** What `read` returns: the text, or for SOPS-encrypted files their masked structure. */
export interface WorkspaceFile {
  content: string;
  /** True when `content` is the masked view of a SOPS-encrypted file. */
  sops: boolean;
}

/** The outcome of `apply`: the commit's result, or why nothing was applied. */
export type ApplyOutcome<T> =
  | { ok: true; result: T; edits: FileEdit[] }
  | { ok: false; check: ChangeCheck | undefined; reason: string };

/**
 * A working copy of the repo at one revision, in memory: reads see the edits so far, and nothing reaches disk or the
 * remote until `apply`, which runs the guardrails and the validation first. Every refusal says why, and changes nothing.
 */
export interface RepoWorkspace {
  /** Paths (text files and refused entries alike) matching `glob` (all when absent), sorted. */
  list(glob?: string): string[];
  read(path: string): WorkspaceResult<WorkspaceFile>;
  /** Replaces `oldText`, which must occur exactly once, by `newText`. */
  edit(path: string, oldText: string, newText: string): WorkspaceResult<{ path: string }>;
  /** Creates or replaces a file. */
  write(path: string, content: string): WorkspaceResult<{ path: string; created: boolean }>;
  remove(path: string): WorkspaceResult<{ path: string }>;
  /** The text files as the edits so far left them. */
  currentFiles(): RepoFiles;
  /** Unified diff of the edits so far, credentials masked (see `maskedDiff`). */
  diff(): string;
  /** The edits so far, pinned to the base content they change. */
  edits(): FileEdit[];
  /** The guardrails and validation of the edits so far, without applying them. */
  check(): ChangeCheck;
  /** Checks the edits and, only when they pass, hands them to `commit` (e.g. `GitWorkspace.commitAndPush`). */
  apply<T>(commit: (edits: FileEdit[]) => Promise<T>): Promise<ApplyOutcome<T>>;
}

export function createRepoWorkspace(options: RepoWorkspaceOptions): RepoWorkspace {
  const { files, guardrails } = options;
  const special = new Map((options.special ?? []).map((entry) => [entry.path, entry]));
  const overlay = new Map<string, string | null>();
  const current = (path: string) => (overlay.has(path) ? (overlay.get(path) ?? undefined) : files.get(path));

  const readable = (path: string): WorkspaceResult<string> => {
    const access = checkAccess(path, special, false);
    if (!access.ok) return access;
    const text = current(path);
    if (text !== undefined) return done(text);
    const entry = access.value;
    if (entry?.kind === 'too-large') {
      return refused(
        'too-large',
        path,
        `${path} is ${entry.size} bytes, over the 1 MiB limit: it is not read as a manifest.`,
      );
    }
    if (entry?.kind === 'binary' || entry?.kind === 'submodule') {
      return refused(
        'binary',
        path,
        `${path} is ${entry.kind === 'binary' ? 'a binary file' : 'a submodule'}: only text files are read.`,
      );
    }
    return refused('not-found', path, `${path} does not exist: list shows what does.`);
  };

  const writable = (path: string, content: string | null): WorkspaceResult<string | undefined> => {
    const access = checkAccess(path, special, guardrails);
    if (!access.ok) return access;
    if (access.value && current(path) === undefined) {
      return refused('binary', path, `${path} is a ${access.value.kind} entry: it is not edited as text.`);
    }
    const existing = current(path);
    if (existing !== undefined && sopsView(existing) !== undefined && content !== null) {
      return refused(
        'sops-encrypted',
        path,
        `${path} is SOPS-encrypted: an edit breaks its MAC; a person changes it with sops.`,
      );
    }
    if (content !== null && Buffer.byteLength(content, 'utf8') > MAX_TEXT_FILE_BYTES) {
      return refused('too-large', path, `the new content of ${path} is over the 1 MiB limit: split it.`);
    }
    if (content?.includes('\u0000'))
      return refused('binary', path, `the new content of ${path} has NUL bytes: only text is written.`);
    return done(existing);
  };

  const edits = (): FileEdit[] =>
    [...overlay]
      .map(([path, after]) => ({ path, before: files.get(path) ?? null, after }))
      .filter((edit) => edit.before !== edit.after)
      .sort((a, b) => (a.path < b.path ? -1 : 1));

  return {
    list(glob) {
      const match = glob ? picomatch(glob, { dot: true }) : () => true;
      const all = new Set([...files.keys(), ...overlay.keys(), ...special.keys()]);
      return [...all]
        .filter((p) => (current(p) !== undefined || (special.has(p) && !overlay.has(p))) && match(p))
        .sort();
    },
    read(path) {
      const text = readable(path);
      if (!text.ok) return text;
      const masked = sopsView(text.value);
      return done(masked === undefined ? { content: text.value, sops: false } : { content: masked, sops: true });
    },
    edit(path, oldText, newText) {
      const text = readable(path);
      if (!text.ok) return text;
      const count = oldText === '' ? 0 : text.value.split(oldText).length - 1;
      if (count === 0)
        return refused('no-match', path, `the text to replace is not in ${path}: read it again and copy it exactly.`);
      if (count > 1)
        return refused(
          'ambiguous-match',
          path,
          `the text to replace occurs ${count} times in ${path}: include more context so it occurs once.`,
        );
      const next = text.value.replace(oldText, () => newText);
      const check = writable(path, next);
      if (!check.ok) return check;
      overlay.set(path, next);
      return done({ path });
    },
    write(path, content) {
      const check = writable(path, content);
      if (!check.ok) return check;
      overlay.set(path, content);
      return done({ path, created: check.value === undefined });
    },
    remove(path) {
      const text = readable(path);
      if (!text.ok) return text;
      const check = writable(path, null);
      if (!check.ok) return check;
      overlay.set(path, null);
      return done({ path });
    },
    currentFiles() {
      const out = new Map(files);
      for (const [path, text] of overlay) {
        if (text === null) out.delete(path);
        else out.set(path, text);
      }
      return out;
    },
    diff: () => maskedDiff(edits()),
    edits,
    check: () => checkChange(files, edits(), guardrails),
    async apply(commit) {
      const pending = edits();
      if (pending.length === 0) return { ok: false, check: undefined, reason: 'nothing to apply: no file was changed' };
      const check = checkChange(files, pending, guardrails);
      if (!check.ok) return { ok: false, check, reason: check.refusals.map((r) => r.message).join('; ') };
      return { ok: true, result: await commit(pending), edits: pending };
    },
  };
}
