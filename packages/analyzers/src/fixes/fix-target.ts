import type { Finding } from '@triad/core';
import type { Document } from 'yaml';
import { displayName } from '../parse/k8s-object';
import type { ManifestEditor } from './manifest-editor';

/** The object a fixer edits: the group's first finding, its file, and the document declaring it there. */
export interface FixTarget {
  first: Finding;
  file: string;
  doc: Document.Parsed;
}

/** Finds the document the group's findings are on, or says why the fix cannot be made. */
export function fixTarget(group: readonly Finding[], editor: ManifestEditor): FixTarget | { unfixable: string } {
  const first = group[0];
  if (!first?.file) return { unfixable: 'the finding names no file' };
  const doc = editor.document(first.file, first.resource);
  if (!doc) return { unfixable: `${first.file} no longer declares ${displayName(first.resource)}` };
  return { first, file: first.file, doc };
}
