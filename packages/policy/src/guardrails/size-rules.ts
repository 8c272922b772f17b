import type { FileEdit, GuardrailConfig } from '@triad/core';
import { diffLines } from 'diff';
import type { Refusal } from './refusal';

/**
 * Added plus removed lines of one edit, by a line diff that gives up past `limit` (the diff is quadratic in the edit
 * size): `undefined` then, meaning "more than `limit`".
 */
export function changedLines(edit: FileEdit, limit = Number.MAX_SAFE_INTEGER): number | undefined {
  // A file created or deleted changes each of its lines: no alignment to find.
  if (!edit.before || !edit.after) {
    const lines = lineCount(edit.before || edit.after || '');
    return lines > limit ? undefined : lines;
  }
  // The line diff costs (lines × changes); most big edits are refused by a linear lower bound before it runs.
  if (changedLinesAtLeast(edit.before ?? '', edit.after ?? '') > limit) return undefined;
  const parts = diffLines(edit.before ?? '', edit.after ?? '', { maxEditLength: limit + 1 });
  if (parts === undefined) return undefined;
  return parts.filter((part) => part.added || part.removed).reduce((sum, part) => sum + (part.count ?? 0), 0);
}

/** Lines of a text as a line diff counts them: a final newline ends the last line, it starts none. */
function lineCount(text: string): number {
  if (text === '') return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Lines that one side holds more often than the other: each must be added or removed whatever the alignment, so this
 * never exceeds the line diff's count. Linear in the text.
 */
function changedLinesAtLeast(before: string, after: string): number {
  const counts = new Map<string, number>();
  for (const line of before.split('\n')) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of after.split('\n')) counts.set(line, (counts.get(line) ?? 0) - 1);
  let total = 0;
  for (const n of counts.values()) total += Math.abs(n);
  return total;
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
