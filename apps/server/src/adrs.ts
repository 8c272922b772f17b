import { type RepoFiles, type RepoRef, TriadError } from '@triad/core';
import type { Runtime } from '@triad/orchestrator';
import { detectAdrDir, readAdrStatus } from '@triad/reports';

/** One ADR file of a repository. */
export interface AdrEntry {
  number: number;
  title: string;
  /** `Proposed`, `Accepted`, `Rejected`, `Superseded`, or undefined when the file declares none. */
  status?: string;
  /** Repo-relative path. */
  path: string;
}

/** ADRs of one repository at one revision. */
export interface AdrShelf {
  repo: RepoRef;
  revision: string;
  /** The ADR folder found (or the configured one). */
  dir: string;
  adrs: AdrEntry[];
  files: RepoFiles;
}

const ADR_FILE = /^(\d+)-[^/]+\.md$/i;

/** The ADRs in the repo's ADR folder (the one holding `NNNN-title.md` files), lowest number first. */
export function listAdrs(files: RepoFiles, fallbackDir: string): { dir: string; adrs: AdrEntry[] } {
  const dir = detectAdrDir([...files.keys()], fallbackDir);
  const adrs: AdrEntry[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith(`${dir}/`)) continue;
    const match = ADR_FILE.exec(path.slice(dir.length + 1));
    if (!match) continue;
    const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? path;
    adrs.push({ number: Number(match[1]), title, status: readAdrStatus(text), path });
  }
  return { dir, adrs: adrs.sort((a, b) => a.number - b.number) };
}

/**
 * The ADRs at the branch head of `repo`, or of the repository of the most recent session when none is named.
 * `no_sessions` when there is no session to take a repository from.
 */
export async function adrShelf(rt: Runtime, repo?: RepoRef): Promise<AdrShelf> {
  const target = repo ?? (await rt.sessions.list(1))[0]?.repo;
  if (!target) {
    throw new TriadError('no session yet, so no repository to read ADRs from: start a session first', {
      code: 'adrs_not_found',
      domain: 'user',
    });
  }
  const { revision, files } = await rt.repos.latest(target);
  return { repo: target, revision, ...listAdrs(files, rt.config.adrDir), files };
}

/** One ADR with its Markdown; `adr_not_found` when the repository has no ADR with that number. */
export function readAdr(shelf: AdrShelf, number: number): AdrEntry & { markdown: string } {
  const entry = shelf.adrs.find((adr) => adr.number === number);
  const markdown = entry && shelf.files.get(entry.path);
  if (!entry || markdown === undefined) {
    throw new TriadError(`no ADR ${number} in ${shelf.dir} of ${shelf.repo.url}: /adrs lists the ones there are`, {
      code: 'adr_not_found',
      domain: 'user',
    });
  }
  return { ...entry, markdown };
}
