import type { FileEdit, GuardrailConfig } from '@triad/core';
import { diffLines } from 'diff';
import type { Refusal } from './refusal';

/**
 * Added plus removed lines of one edit, by a line diff that gives up past `limit` (the diff is quadratic in the edit
 * size): `undefined` then, meaning "more than `limit`".
 */
export function changedLines(edit: FileEdit, limit = Number.MAX_SAFE_INTEGER): number | undefined {
  const parts = diffLines(edit.before ?? '', edit.after ?? '', { maxEditLength: limit + 1 });
  if (parts === undefined) return undefined;
  return parts.filter((part) => part.added || part.removed).reduce((sum, part) => sum + (part.count ?? 0), 0);
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
  let lines = 0;
  for (const edit of edits) {
    const changed = changedLines(edit, config.maxChangedLines - lines);
    lines = changed === undefined ? Number.POSITIVE_INFINITY : lines + changed;
    if (lines > config.maxChangedLines) break;
  }
  if (lines > config.maxChangedLines) {
    const counted = Number.isFinite(lines) ? `${lines} lines, more` : 'more lines';
    refusals.push({
      rule: 'too-many-lines',
      path: '',
      message: `The change adds and removes ${counted} than the limit of ${config.maxChangedLines}: split it into smaller tasks.`,
    });
  }
  return refusals;
}
