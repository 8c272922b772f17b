import type { FileEdit, Task } from '@triad/core';
import { maskedDiff } from '@triad/tools';

/**
 * How the edits that landed differ from the approved ones, or undefined when they are the same. `landed` is `approved`
 * rebased onto the revision it was committed on, edit by edit (today only an ADR takes the next free number there).
 */
export function committedChange(
  approved: readonly FileEdit[],
  landed: readonly FileEdit[],
): Task['committedChange'] | undefined {
  const changes = approved.flatMap((edit, index) => {
    const now = landed[index];
    if (!now || (now.path === edit.path && now.after === edit.after)) return [];
    if (now.path !== edit.path) {
      return [`${edit.path} was committed as ${now.path}: another change took its number before this one landed`];
    }
    return [`${edit.path} was committed with other content: it was rebased onto the revision it landed on`];
  });
  if (changes.length === 0 && landed.length === approved.length) return undefined;
  return { diff: maskedDiff(landed), changes };
}
