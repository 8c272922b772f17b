/** A diff cut to a readable length, with what was left out counted. */
export interface ShortDiff {
  /** The first lines of the diff. */
  text: string;
  /** Lines of the whole diff. */
  totalLines: number;
  /** Lines not shown. */
  omittedLines: number;
}

/** Keeps the first `maxLines` lines of a unified diff. */
export function shortenDiff(diff: string, maxLines = 40): ShortDiff {
  if (diff.trim() === '') return { text: '', totalLines: 0, omittedLines: 0 };
  const lines = diff.replace(/\n+$/, '').split('\n');
  const kept = lines.slice(0, maxLines);
  return { text: kept.join('\n'), totalLines: lines.length, omittedLines: lines.length - kept.length };
}
