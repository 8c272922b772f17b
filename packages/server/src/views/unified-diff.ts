/** One line of a hunk: unchanged context, removed or added, with its line numbers on each side. */
export interface DiffLine {
  kind: 'context' | 'del' | 'add';
  text: string;
  /** Line number before the change (context and del). */
  oldNumber?: number;
  /** Line number after the change (context and add). */
  newNumber?: number;
}

export interface DiffHunk {
  /** The `@@ -a,b +c,d @@` line. */
  header: string;
  lines: DiffLine[];
}

export interface DiffFile {
  /** Repo-relative path after the change (before it, for a removed file). */
  path: string;
  status: 'added' | 'removed' | 'modified';
  hunks: DiffHunk[];
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Parses a git-style unified diff (as proposals carry it) into files, hunks and numbered lines. */
export function parseUnifiedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: DiffHunk | undefined;
  let oldNumber = 0;
  let newNumber = 0;
  for (const line of diff.split('\n')) {
    const gitHeader = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
    if (gitHeader) {
      file = { path: gitHeader[2] ?? '', status: 'modified', hunks: [] };
      files.push(file);
      hunk = undefined;
    } else if (!file) {
    } else if (line.startsWith('new file mode')) file.status = 'added';
    else if (line.startsWith('deleted file mode')) file.status = 'removed';
    else if (!hunk && (line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('index '))) {
    } else if (HUNK.test(line)) {
      const [, oldStart, newStart] = HUNK.exec(line) ?? [];
      oldNumber = Number(oldStart);
      newNumber = Number(newStart);
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
    } else if (hunk && line.startsWith('+'))
      hunk.lines.push({ kind: 'add', text: line.slice(1), newNumber: newNumber++ });
    else if (hunk && line.startsWith('-'))
      hunk.lines.push({ kind: 'del', text: line.slice(1), oldNumber: oldNumber++ });
    else if (hunk && line.startsWith(' ')) {
      hunk.lines.push({ kind: 'context', text: line.slice(1), oldNumber: oldNumber++, newNumber: newNumber++ });
    }
  }
  return files;
}

/** A row of the side-by-side view: what was on the left, what is on the right. */
export interface SideBySideRow {
  left?: DiffLine;
  right?: DiffLine;
}

/** Pairs each run of removed lines with the run of added lines after it, so a changed line sits beside its new version. */
export function sideBySide(lines: readonly DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as DiffLine;
    if (line.kind === 'context') {
      rows.push({ left: line, right: line });
      index++;
      continue;
    }
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (lines[index]?.kind === 'del') dels.push(lines[index++] as DiffLine);
    while (lines[index]?.kind === 'add') adds.push(lines[index++] as DiffLine);
    for (let row = 0; row < Math.max(dels.length, adds.length); row++) rows.push({ left: dels[row], right: adds[row] });
  }
  return rows;
}
