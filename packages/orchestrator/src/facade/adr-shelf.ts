import type { RepoFiles, RepoRef } from '@triad/core';
import { type AdrEntry, detectAdrDir, listAdrs } from '@triad/reports';
import type { Runtime } from '../runtime';

export type { AdrEntry };

/** The ADRs of one repository at one revision: what `triad adr list` prints and the UI's /adrs shows. */
export interface AdrShelf {
  repo: RepoRef;
  /** The commit the files were read at. */
  revision: string;
  /** The ADR folder found (or the configured one when the repository has none). */
  dir: string;
  /** Lowest number first; titles without the `0007.` a heading may repeat. */
  adrs: AdrEntry[];
  files: RepoFiles;
}

/** The one ADR listing rule: the detected folder and its numbered Markdown files, by number. */
export function adrsIn(files: RepoFiles, fallbackDir: string): { dir: string; adrs: AdrEntry[] } {
  return { dir: detectAdrDir([...files.keys()], fallbackDir), adrs: listAdrs(files, fallbackDir) };
}

/** The ADRs at the branch head of `repo`. */
export async function readAdrShelf(rt: Pick<Runtime, 'repos' | 'config'>, repo: RepoRef): Promise<AdrShelf> {
  const { revision, files } = await rt.repos.latest(repo);
  return { repo, revision, ...adrsIn(files, rt.config.adrDir), files };
}

/** One ADR of the shelf with its Markdown, or undefined when the repository has no ADR with that number. */
export function adrOnShelf(shelf: AdrShelf, number: number): (AdrEntry & { markdown: string }) | undefined {
  const entry = shelf.adrs.find((adr) => adr.number === number);
  const markdown = entry && shelf.files.get(entry.path);
  return entry && markdown !== undefined ? { ...entry, markdown } : undefined;
}
