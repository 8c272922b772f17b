import { posix } from 'node:path';
import { type RepoRef, TriadError } from '@triad/core';
import { type AdrEntry, type AdrShelf, adrOnShelf, type Triad } from '@triad/orchestrator';

export type { AdrEntry, AdrShelf };

/** How many sessions, newest first, the list of repositories is taken from. */
const SESSIONS_READ = 500;

/** Every repository (and branch) Triad has sessions on, the most recently used first. */
export async function knownRepos(triad: Triad): Promise<RepoRef[]> {
  const seen = new Map<string, RepoRef>();
  for (const session of await triad.sessions.list(SESSIONS_READ)) {
    const key = `${session.repo.url}#${session.repo.branch}`;
    if (!seen.has(key)) seen.set(key, { url: session.repo.url, branch: session.repo.branch });
  }
  return [...seen.values()];
}

/** Where the ADR pages of `repo` are: `/adrs` (its list) or `/adrs/N` (one ADR). */
export function adrHref(repo: RepoRef, number?: number): string {
  const query = `repo=${encodeURIComponent(repo.url)}&branch=${encodeURIComponent(repo.branch)}`;
  return number === undefined ? `/adrs?${query}` : `/adrs/${number}?${query}`;
}

/**
 * The ADRs at the branch head of `repo`, or of the repository of the most recent session when none is named. Only a
 * repository some session ran on: the server never fetches one a request names otherwise.
 */
export async function adrShelf(triad: Triad, repo?: RepoRef): Promise<AdrShelf> {
  const known = await knownRepos(triad);
  const target = repo ? known.find((r) => r.url === repo.url && r.branch === repo.branch) : known[0];
  if (!target) {
    const message = repo
      ? `Triad has no session on ${repo.url} (${repo.branch}): /adrs lists the repositories it has`
      : 'no session yet, so no repository to read ADRs from: start a session first';
    throw new TriadError(message, { code: 'adrs_not_found', domain: 'user' });
  }
  return triad.adrs.shelf(target);
}

/**
 * Links of a document in `fromDir` (repo-relative) that name one of the shelf's ADR files, turned into that ADR's
 * page; anything else (absolute URLs, other files) is left as written.
 */
export function adrLinks(shelf: AdrShelf, fromDir: string): (href: string) => string | undefined {
  return (href) => {
    if (/^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(href)) return undefined;
    let path: string;
    try {
      path = posix.normalize(posix.join(fromDir, decodeURIComponent(href.split('#')[0] ?? '')));
    } catch {
      return undefined;
    }
    const adr = shelf.adrs.find((entry) => entry.path === path);
    return adr ? adrHref(shelf.repo, adr.number) : undefined;
  };
}

/** One ADR with its Markdown; `adr_not_found` when the repository has no ADR with that number. */
export function readAdr(shelf: AdrShelf, number: number): AdrEntry & { markdown: string } {
  const adr = adrOnShelf(shelf, number);
  if (!adr) {
    throw new TriadError(`no ADR ${number} in ${shelf.dir} of ${shelf.repo.url}: /adrs lists the ones there are`, {
      code: 'adr_not_found',
      domain: 'user',
    });
  }
  return adr;
}
