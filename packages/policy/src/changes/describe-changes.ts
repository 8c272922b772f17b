import type { FileEdit } from '@triad/core';
import type { ChangeItem } from './change-item';
import { diffValues } from './value-diff';
import { isYamlPath, type ManifestDoc, matchDocs, parseYaml } from './yaml-file';

function identity(doc: ManifestDoc): Pick<ChangeItem, 'apiVersion' | 'kind' | 'namespace' | 'name'> {
  return doc.namespace === undefined
    ? { apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name }
    : { apiVersion: doc.apiVersion, kind: doc.kind, namespace: doc.namespace, name: doc.name };
}

function fileItem(file: string, op: ChangeItem['op']): ChangeItem {
  return { file, scope: 'file', kind: '', name: '', field: '', op };
}

function describeYaml(edit: FileEdit): ChangeItem[] {
  const before = edit.before === null ? { ok: true as const, docs: [] } : parseYaml(edit.before);
  const after = edit.after === null ? { ok: true as const, docs: [] } : parseYaml(edit.after);
  if (!before.ok || !after.ok) return [{ ...fileItem(edit.path, 'replace'), unparsable: true }];
  const items: ChangeItem[] = [];
  if (edit.before === null) items.push(fileItem(edit.path, 'add'));
  if (edit.after === null) items.push(fileItem(edit.path, 'remove'));
  const { pairs, removed, added } = matchDocs(before.docs, after.docs);
  for (const doc of removed) {
    items.push({ file: edit.path, scope: 'object', ...identity(doc), field: '', op: 'remove', before: doc.value });
  }
  for (const [b, a] of pairs) {
    for (const change of diffValues(b.value, a.value)) {
      items.push({ file: edit.path, scope: 'field', ...identity(a), ...change });
    }
  }
  for (const doc of added) {
    items.push({ file: edit.path, scope: 'object', ...identity(doc), field: '', op: 'add', after: doc.value });
  }
  return items;
}

/**
 * Lists every structural change of a set of whole-file edits: files created or deleted, objects added or removed
 * (field `''`), and changed fields of the objects both revisions share. Non-YAML files are file-level items; a YAML
 * file that does not parse on either side is one `replace` item flagged `unparsable`.
 */
export function describeChanges(edits: readonly FileEdit[]): ChangeItem[] {
  return edits.flatMap((edit) => {
    if (edit.before === edit.after) return [];
    if (isYamlPath(edit.path)) return describeYaml(edit);
    return [fileItem(edit.path, edit.before === null ? 'add' : edit.after === null ? 'remove' : 'replace')];
  });
}
