import type { FileEdit, Finding, RepoFiles } from '@triad/core';
import { isYamlPath, parseYaml } from '@triad/tools';

/** True for a new Markdown document under a `docs/` folder: an ADR or a note that goes with any change. */
export function isNewDoc(edit: FileEdit): boolean {
  return edit.before === null && edit.after !== null && /(^|\/)docs\/.+\.md$/i.test(edit.path);
}

/**
 * Files a task may edit: those that hold its findings, by the finding's `file` or, for findings observed in the
 * cluster, by the file that declares the finding's resource.
 */
export function filesInScope(findings: readonly Finding[], files: RepoFiles): Set<string> {
  const scope = new Set(findings.flatMap((f) => (f.file ? [f.file] : [])));
  const unplaced = findings.filter((f) => !f.file);
  if (unplaced.length === 0) return scope;
  for (const [path, text] of files) {
    if (!isYamlPath(path)) continue;
    const parsed = parseYaml(text);
    if (!parsed.ok) continue;
    const declares = parsed.docs.some((doc) =>
      unplaced.some(
        (f) =>
          f.resource.kind === doc.kind &&
          f.resource.name === doc.name &&
          (f.resource.namespace === undefined || f.resource.namespace === doc.namespace),
      ),
    );
    if (declares) scope.add(path);
  }
  return scope;
}

/** The repo files as they are once the edits are applied. */
export function applyEdits(files: RepoFiles, edits: readonly FileEdit[]): RepoFiles {
  const next = new Map(files);
  for (const edit of edits) {
    if (edit.after === null) next.delete(edit.path);
    else next.set(edit.path, edit.after);
  }
  return next;
}
