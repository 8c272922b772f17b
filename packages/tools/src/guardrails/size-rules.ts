import type { FileEdit, GuardrailConfig } from '@triad/core';
import { diffLines } from 'diff';
import type { Refusal } from './refusal';

/** Added plus removed lines of one edit, by a line diff. */
export function changedLines(edit: FileEdit): number {
  return diffLines(edit.before ?? '', edit.after ?? '')
    .filter((part) => part.added || part.removed)
    .reduce((sum, part) => sum + (part.count ?? 0), 0);
}

/** `too-many-files` and `too-many-lines`: a change small enough for a reviewer to read and a revert to undo. */
export function checkSize(edits: readonly FileEdit[], config: GuardrailConfig): Refusal[] {
  const refusals: Refusal[] = [];
  const files = new Set(edits.map((e) => e.path)).size;
  if (files > config.maxFiles) {
    refusals.push({
      rule: 'too-many-files',
      path: '',
      message: `The change touches ${files} files, more than the limit of ${config.maxFiles}: split it into smaller tasks.`,
    });
  }
  const lines = edits.reduce((sum, edit) => sum + changedLines(edit), 0);
  if (lines > config.maxChangedLines) {
    refusals.push({
      rule: 'too-many-lines',
      path: '',
      message: `The change adds and removes ${lines} lines, more than the limit of ${config.maxChangedLines}: split it into smaller tasks.`,
    });
  }
  return refusals;
}
