import type { RepoFiles } from '@triad/core';
import { adrNumberOf, detectAdrDir } from './adr-folder';
import { type AdrStatus, readAdrStatus } from './adr-status';

export interface AdrEntry {
  number: number;
  /** The title from the `# ` heading, without its number. */
  title: string;
  /** Undefined when the file declares no status Triad knows. */
  status: AdrStatus | undefined;
  path: string;
}

/** The ADRs of a repo at one revision, by number: what `triad adr list` and the UI show. */
export function listAdrs(files: RepoFiles, fallbackDir = 'docs/adr'): AdrEntry[] {
  const dir = detectAdrDir([...files.keys()], fallbackDir);
  const entries: AdrEntry[] = [];
  for (const [path, content] of files) {
    if (!path.startsWith(`${dir}/`) || path.slice(dir.length + 1).includes('/')) continue;
    const number = adrNumberOf(path.slice(dir.length + 1));
    if (number === undefined) continue;
    const heading = /^#\s+(.*)$/m.exec(content)?.[1] ?? path;
    entries.push({ number, title: heading.replace(/^\d+\.\s*/, '').trim(), status: readAdrStatus(content), path });
  }
  return entries.sort((a, b) => a.number - b.number || a.path.localeCompare(b.path));
}

/** One ADR with its text, or undefined when the repo has no ADR with that number. */
export function findAdr(files: RepoFiles, number: number, fallbackDir = 'docs/adr') {
  const entry = listAdrs(files, fallbackDir).find((adr) => adr.number === number);
  return entry ? { ...entry, markdown: files.get(entry.path) ?? '' } : undefined;
}
