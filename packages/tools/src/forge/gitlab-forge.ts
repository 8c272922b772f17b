import { Gitlab } from '@gitbeaker/rest';
import { forgeFailure, statusOf } from './forge-errors';
import type { ForgeOptions, ForgePort, PullRequestRef } from './forge-port';

/** GitLab (gitlab.com or self-managed) through Gitbeaker: merge requests, their notes; auth is `PRIVATE-TOKEN`. */
export function createGitLabForge(options: ForgeOptions): ForgePort {
  const api = new Gitlab({ host: options.apiUrl.replace(/\/+$/, ''), token: options.token, rateLimits: {} });
  const project = options.repo;
  const call = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw forgeFailure('gitlab', statusOf(error), what, error);
    }
  };
  const ref = (request: { iid: number; web_url: string }): PullRequestRef => ({
    number: request.iid,
    url: request.web_url,
  });

  const find = async (head: string, state?: 'opened') => {
    const requests = await call(`list the merge requests of ${head}`, () =>
      api.MergeRequests.all({
        projectId: project,
        sourceBranch: head,
        ...(state ? { state } : {}),
        orderBy: 'created_at',
        sort: 'desc',
      }),
    );
    return requests[0] ? ref(requests[0]) : undefined;
  };

  return {
    kind: 'gitlab',
    async openPullRequest(draft) {
      const open = await find(draft.head, 'opened');
      if (open) return open;
      const created = await call(`open a merge request for ${draft.head}`, () =>
        api.MergeRequests.create(project, draft.head, draft.base, draft.title, {
          description: draft.body,
          ...(draft.labels.length > 0 ? { labels: draft.labels.join(',') } : {}),
        }),
      );
      return ref(created);
    },
    findPullRequest: (head) => find(head),
    async status(number) {
      const request = await call(`read merge request !${number}`, () => api.MergeRequests.show(project, number));
      if (request.state === 'merged') {
        const sha = request.merge_commit_sha ?? request.squash_commit_sha ?? request.sha;
        return { state: 'merged', mergeCommit: String(sha) };
      }
      if (request.state !== 'closed') return { state: 'open' };
      const notes = await call(`read the notes of !${number}`, () =>
        api.MergeRequestNotes.all(project, number, { sort: 'asc', orderBy: 'created_at' }),
      );
      const last = notes.filter((note) => !note.system).at(-1)?.body;
      const closer = (request.closed_by as { username?: string } | null | undefined)?.username;
      return { state: 'closed', ...(closer ? { closedBy: closer } : {}), ...(last ? { comment: last } : {}) };
    },
  };
}
