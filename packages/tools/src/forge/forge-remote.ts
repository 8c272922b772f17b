import { TriadError } from '@triad/core';
import type { ForgeKind } from './forge-port';

/** A forge as a session records it: which one, its API, and the repository's path on it. */
export interface ForgeTarget {
  kind: ForgeKind;
  /** API base URL. */
  apiUrl: string;
  /** `owner/name` (GitLab: the full project path). */
  repo: string;
}

const KNOWN_HOSTS: Record<string, { kind: ForgeKind; apiUrl: string }> = {
  'github.com': { kind: 'github', apiUrl: 'https://api.github.com' },
  'gitlab.com': { kind: 'gitlab', apiUrl: 'https://gitlab.com' },
  'codeberg.org': { kind: 'gitea', apiUrl: 'https://codeberg.org/api/v1' },
};

/** Host and path of a git remote URL: `https://host/a/b.git`, `ssh://git@host:22/a/b.git`, `git@host:a/b.git`. */
export function parseRemote(url: string): { host: string; path: string } | undefined {
  const scp = /^[\w.-]+@([^:/]+):(?!\/)(.+)$/.exec(url);
  if (scp) return { host: scp[1]!.toLowerCase(), path: clean(scp[2]!) };
  try {
    const parsed = new URL(url);
    if (!parsed.hostname || parsed.protocol === 'file:') return undefined;
    return { host: parsed.hostname.toLowerCase(), path: clean(decodeURIComponent(parsed.pathname)) };
  } catch {
    return undefined;
  }
}

function clean(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/**
 * The forge of a remote: the kind and API from `--forge`/`--forge-url` when given, else from a host Triad knows
 * (github.com, gitlab.com, codeberg.org); the repository's path from `--forge-repo`, else from the remote. Throws a
 * one-line `user` error saying which flag to pass.
 */
export function resolveForge(
  remoteUrl: string,
  given: { kind?: ForgeKind; apiUrl?: string; repo?: string } = {},
): ForgeTarget {
  if (given.kind && given.apiUrl && given.repo) {
    return { kind: given.kind, apiUrl: given.apiUrl.replace(/\/+$/, ''), repo: clean(given.repo) };
  }
  const remote = parseRemote(remoteUrl);
  if (!remote?.path.includes('/')) {
    throw new TriadError(
      `pr mode needs a forge remote (https://host/owner/repo or git@host:owner/repo), not ${remoteUrl}: or pass --forge, --forge-url and --forge-repo`,
      {
        code: 'forge_remote_invalid',
        domain: 'user',
      },
    );
  }
  const known = KNOWN_HOSTS[remote.host];
  const kind = given.kind ?? known?.kind;
  if (!kind) {
    throw new TriadError(
      `cannot tell which forge ${remote.host} is: pass --forge github|gitea|gitlab and --forge-url`,
      {
        code: 'forge_unknown',
        domain: 'user',
      },
    );
  }
  const apiUrl = given.apiUrl ?? (known?.kind === kind ? known.apiUrl : defaultApi(kind, remote.host));
  return { kind, apiUrl: apiUrl.replace(/\/+$/, ''), repo: remote.path };
}

/** Where a self-hosted forge's API usually is, from its host. */
function defaultApi(kind: ForgeKind, host: string): string {
  if (kind === 'github') return `https://${host}/api/v3`;
  if (kind === 'gitea') return `https://${host}/api/v1`;
  return `https://${host}`;
}

/** `owner/name` → its parts; the owner of a nested GitLab path is everything before the last slash. */
export function splitRepo(repo: string): { owner: string; name: string } {
  const cut = repo.lastIndexOf('/');
  return { owner: repo.slice(0, cut), name: repo.slice(cut + 1) };
}
