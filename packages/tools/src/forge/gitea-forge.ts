import { forgeFailure } from './forge-errors';
import type { ForgeOptions, ForgePort, PullRequestRef } from './forge-port';
import { splitRepo } from './forge-remote';

interface GiteaPull {
  number: number;
  html_url: string;
  state: 'open' | 'closed';
  merged: boolean;
  merge_commit_sha: string | null;
  head: { ref: string };
}

/** Color of labels Triad creates, as Gitea wants it (`#rrggbb`). */
const LABEL_COLOR = '#5319e7';

/**
 * Gitea and Forgejo through their REST API (`/api/v1`), with fetch: no maintained client fits, and the handful of
 * calls are plain JSON. Auth is `Authorization: token <token>`.
 */
export function createGiteaForge(options: ForgeOptions): ForgePort {
  const { owner, name } = splitRepo(options.repo);
  const base = `${options.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const doFetch = options.fetch ?? fetch;
  const api = async <T>(what: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `token ${options.token}`,
          accept: 'application/json',
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    } catch (error) {
      throw forgeFailure('gitea', undefined, what, error);
    }
    if (!response.ok) throw forgeFailure('gitea', response.status, what);
    return (await response.json()) as T;
  };
  const ref = (pull: GiteaPull): PullRequestRef => ({ number: pull.number, url: pull.html_url });

  const find = async (head: string, state: 'open' | 'all') => {
    const pulls = await api<GiteaPull[]>(
      `list the pull requests of ${head}`,
      `/pulls?state=${state}&sort=newest&limit=50`,
    );
    const mine = pulls.filter((pull) => pull.head.ref === head).sort((a, b) => b.number - a.number);
    return mine[0] ? ref(mine[0]) : undefined;
  };

  /** Gitea takes label ids: find each name, creating the ones the repository does not have. */
  const labelIds = async (names: readonly string[]): Promise<number[]> => {
    if (names.length === 0) return [];
    const existing = await api<Array<{ id: number; name: string }>>('list the labels', '/labels?limit=50');
    const ids: number[] = [];
    for (const label of names) {
      const found = existing.find((candidate) => candidate.name === label);
      if (found) ids.push(found.id);
      else {
        const made = await api<{ id: number }>(`create label ${label}`, '/labels', {
          method: 'POST',
          body: { name: label, color: LABEL_COLOR },
        });
        ids.push(made.id);
      }
    }
    return ids;
  };

  return {
    kind: 'gitea',
    async openPullRequest(draft) {
      const open = await find(draft.head, 'open');
      if (open) return open;
      const labels = await labelIds(draft.labels);
      const pull = await api<GiteaPull>(`open a pull request for ${draft.head}`, '/pulls', {
        method: 'POST',
        body: { head: draft.head, base: draft.base, title: draft.title, body: draft.body, labels },
      });
      return ref(pull);
    },
    findPullRequest: (head) => find(head, 'all'),
    async status(number) {
      const pull = await api<GiteaPull>(`read pull request #${number}`, `/pulls/${number}`);
      if (pull.merged && pull.merge_commit_sha) return { state: 'merged', mergeCommit: pull.merge_commit_sha };
      if (pull.state === 'open') return { state: 'open' };
      const [comments, timeline] = await Promise.all([
        api<Array<{ body: string }>>(`read the comments of #${number}`, `/issues/${number}/comments`),
        api<Array<{ type: string; user?: { login?: string } }>>(
          `read the timeline of #${number}`,
          `/issues/${number}/timeline`,
        ),
      ]);
      const closer = timeline.filter((event) => event.type === 'close').at(-1)?.user?.login;
      const last = comments.at(-1)?.body;
      return { state: 'closed', ...(closer ? { closedBy: closer } : {}), ...(last ? { comment: last } : {}) };
    },
  };
}
