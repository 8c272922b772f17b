import type { FileEdit, Finding, RepoFiles } from '@triad/core';
import { describeChanges, isPlainObject, isYamlPath, parseYaml } from '@triad/policy';

/** True for a new Markdown document under a `docs/` folder: an ADR or a note that goes with any change. */
export function isNewDoc(edit: FileEdit): boolean {
  return edit.before === null && edit.after !== null && /(^|\/)docs\/.+\.md$/i.test(edit.path);
}

/**
 * What moving a credential into SOPS needs besides the task's files: a new SOPS-encrypted file beside one of them,
 * its folder's kustomization.yaml gaining resources, and `spec.decryption` on a Flux Kustomization. Anything else in
 * those files is out of scope.
 */
export function isEncryptionWiring(edit: FileEdit, scope: ReadonlySet<string>): boolean {
  const dir = (path: string) => path.replace(/[^/]*$/, '');
  const besideScope = [...scope].some((path) => dir(path) === dir(edit.path));
  if (edit.after === null || !isYamlPath(edit.path)) return false;
  if (edit.before === null) {
    const parsed = parseYaml(edit.after);
    return (
      besideScope &&
      /\.sops\.ya?ml$/.test(edit.path) &&
      parsed.ok &&
      parsed.docs.length === 1 &&
      isPlainObject(parsed.docs[0]!.value) &&
      isPlainObject(parsed.docs[0]!.value.sops)
    );
  }
  const items = describeChanges([edit]);
  if (items.length === 0) return false;
  if (besideScope && /(^|\/)kustomization\.ya?ml$/.test(edit.path)) {
    return items.every((item) => item.kind === 'Kustomization' && /^resources(\[|$)/.test(item.field));
  }
  return items.every(
    (item) =>
      item.kind === 'Kustomization' &&
      (item.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/') &&
      item.op === 'add' &&
      /^spec\.decryption(\.|$)/.test(item.field),
  );
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
