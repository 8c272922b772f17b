import { Octokit } from '@octokit/rest';
import { forgeFailure, statusOf } from './forge-errors';
import type { ForgeOptions, ForgePort, PullRequestRef } from './forge-port';
import { splitRepo } from './forge-remote';

/** GitHub (and GitHub Enterprise) through Octokit's REST client. */
export function createGitHubForge(options: ForgeOptions): ForgePort {
  const { owner, name: repo } = splitRepo(options.repo);
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: 'triad',
    request: { ...(options.fetch ? { fetch: options.fetch } : {}), retries: 0 },
  });
  const call = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw forgeFailure('github', statusOf(error), what, error);
    }
  };
  const ref = (pull: { number: number; html_url: string }): PullRequestRef => ({
    number: pull.number,
    url: pull.html_url,
  });

  const find = async (head: string, state: 'open' | 'all') => {
    const { data } = await call(`list the pull requests of ${head}`, () =>
      octokit.rest.pulls.list({ owner, repo, head: `${owner}:${head}`, state, sort: 'created', direction: 'desc' }),
    );
    return data[0] ? ref(data[0]) : undefined;
  };

  return {
    kind: 'github',
    async openPullRequest(draft) {
      const open = await find(draft.head, 'open');
      if (open) return open;
      const { data } = await call(`open a pull request for ${draft.head}`, () =>
        octokit.rest.pulls.create({
          owner,
          repo,
          head: draft.head,
          base: draft.base,
          title: draft.title,
          body: draft.body,
        }),
      );
      if (draft.labels.length > 0) {
        // Labels of a pull request live on its issue; GitHub creates the names it does not know.
        await call(`label pull request #${data.number}`, () =>
          octokit.rest.issues.addLabels({ owner, repo, issue_number: data.number, labels: [...draft.labels] }),
        );
      }
      return ref(data);
    },
    findPullRequest: (head) => find(head, 'all'),
    async status(number) {
      const { data: pull } = await call(`read pull request #${number}`, () =>
        octokit.rest.pulls.get({ owner, repo, pull_number: number }),
      );
      if (pull.merged && pull.merge_commit_sha) return { state: 'merged', mergeCommit: pull.merge_commit_sha };
      if (pull.state === 'open') return { state: 'open' };
      const [{ data: issue }, { data: comments }] = await Promise.all([
        call(`read issue #${number}`, () => octokit.rest.issues.get({ owner, repo, issue_number: number })),
        call(`read the comments of #${number}`, () =>
          octokit.rest.issues.listComments({ owner, repo, issue_number: number, per_page: 100 }),
        ),
      ]);
      const last = comments.at(-1);
      return {
        state: 'closed',
        ...(issue.closed_by?.login ? { closedBy: issue.closed_by.login } : {}),
        ...(last?.body ? { comment: last.body } : {}),
      };
    },
  };
}
