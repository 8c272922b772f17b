import type { FileEdit, Task } from '@triad/core';
import { maskedDiff } from '@triad/tools';

/** `0007-use-sops.md` → `use-sops.md`: an ADR's file name without its number, undefined for any other file. */
const adrTitle = (path: string) => /(?:^|\/)\d+-([^/]+\.md)$/i.exec(path)?.[1];

/**
 * How the edits that landed differ from the approved ones, or undefined when they are the same. `landed` is `approved`
 * rebased onto the revision it was committed on: an ADR may take the next free number there, or be left out when a
 * change that landed meanwhile recorded the same decision.
 */
export function committedChange(
  approved: readonly FileEdit[],
  landed: readonly FileEdit[],
): Task['committedChange'] | undefined {
  const byPath = new Map(landed.map((edit) => [edit.path, edit]));
  const renamed = landed.filter((edit) => !approved.some((a) => a.path === edit.path));
  const changes = approved.flatMap((edit) => {
    const now = byPath.get(edit.path);
    if (now)
      return now.after === edit.after
        ? []
        : [`${edit.path} was committed with other content: it was rebased onto the revision it landed on`];
    const title = adrTitle(edit.path);
    const moved = title
      ? renamed.find((other) => other.path !== edit.path && adrTitle(other.path) === title)
      : undefined;
    if (moved) {
      return [`${edit.path} was committed as ${moved.path}: another change took its number before this one landed`];
    }
    return [
      `${edit.path} was left out: an earlier change of the session already recorded the same decision under that title`,
    ];
  });
  if (changes.length === 0 && landed.length === approved.length) return undefined;
  return { diff: maskedDiff(landed), changes };
}
