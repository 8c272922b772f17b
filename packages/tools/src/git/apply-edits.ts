import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type FileEdit, TriadError } from '@triad/core';
import { assertNoSymlinkParents } from './repo-path';

/**
 * Checks that every edit's `before` matches the working copy (null: the file must not exist), then writes or removes
 * the files. Nothing is written unless every check passes. `revision` names the commit the working copy is at.
 */
export async function applyEdits(root: string, edits: readonly FileEdit[], revision: string): Promise<void> {
  for (const edit of edits) {
    await assertNoSymlinkParents(root, edit.path);
    const current = await currentContent(root, edit.path);
    const matches = edit.before === null ? current === undefined : current?.equals(Buffer.from(edit.before, 'utf8'));
    if (!matches) throw staleEdit(edit, current !== undefined, revision);
  }
  for (const { path, after } of edits) {
    const file = join(root, path);
    if (after === null) {
      await rm(file, { force: true });
    } else {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, after, 'utf8');
    }
  }
}

/** The file's bytes, undefined when nothing is there; a directory or a symlink is never a file an edit can pin. */
async function currentContent(root: string, path: string): Promise<Buffer | undefined> {
  const file = join(root, path);
  const stat = await lstat(file).catch(() => undefined);
  if (!stat) return undefined;
  if (!stat.isFile()) {
    throw new TriadError(`refused path ${JSON.stringify(path)}: it is not a regular file in the repository`, {
      code: 'path_refused',
      domain: 'guardrail',
      details: { path, reason: 'not a regular file' },
    });
  }
  return readFile(file);
}

function staleEdit(edit: FileEdit, exists: boolean, revision: string): TriadError {
  const what =
    edit.before === null ? 'already exists' : exists ? 'has changed since the edit was drafted' : 'no longer exists';
  return new TriadError(
    `${edit.path} ${what} (at ${revision.slice(0, 12)}): draft the change again from the current content`,
    {
      code: 'stale_edit',
      domain: 'git',
      retryable: false,
      details: { path: edit.path, revision },
    },
  );
}
