import { type HeldPull, type LoopbackForge, nextNumber, type RouteAnswer, startLoopbackForge } from './loopback-forge';

/**
 * GitHub's REST API as docs.github.com describes it, for the calls Triad makes: pulls (list by `head=owner:branch`,
 * create, get), issue labels, issue get (`closed_by`) and issue comments. Auth: `Authorization: token <t>` or `Bearer <t>`.
 */
export function startGitHubServer(token: string, owner: string, repo: string): Promise<LoopbackForge> {
  return startLoopbackForge(
    (pulls, origin) => {
      const json = (pull: HeldPull) => ({
        number: pull.number,
        html_url: `${origin()}/${owner}/${repo}/pull/${pull.number}`,
        state: pull.state === 'open' ? 'open' : 'closed',
        merged: pull.state === 'merged',
        merge_commit_sha: pull.mergeCommit ?? null,
        title: pull.title,
        body: pull.body,
        head: { ref: pull.head, label: `${owner}:${pull.head}` },
        base: { ref: pull.base },
        labels: pull.labels.map((name) => ({ name })),
      });
      const prefix = `/repos/${owner}/${repo}`;
      return ({ method, path, query, body }): RouteAnswer | null => {
        if (!path.startsWith(prefix)) return null;
        const rest = path.slice(prefix.length);
        const input = (body ?? {}) as Record<string, unknown>;
        if (method === 'GET' && rest === '/pulls') {
          const state = query.get('state') ?? 'open';
          const head = query.get('head');
          const listed = pulls
            .filter((pull) => !head || `${owner}:${pull.head}` === head)
            .filter((pull) => state === 'all' || (state === 'open') === (pull.state === 'open'))
            .sort((a, b) => b.number - a.number);
          return { status: 200, body: listed.map(json) };
        }
        if (method === 'POST' && rest === '/pulls') {
          for (const field of ['head', 'base', 'title']) {
            if (typeof input[field] !== 'string') return { status: 422, body: { message: `${field} is missing` } };
          }
          const pull: HeldPull = {
            number: nextNumber(pulls),
            head: String(input.head),
            base: String(input.base),
            title: String(input.title),
            body: String(input.body ?? ''),
            labels: [],
            state: 'open',
            comments: [],
          };
          pulls.push(pull);
          return { status: 201, body: json(pull) };
        }
        const labels = /^\/issues\/(\d+)\/labels$/.exec(rest);
        if (method === 'POST' && labels) {
          const pull = pulls.find((p) => p.number === Number(labels[1]));
          if (!pull || !Array.isArray(input.labels)) return { status: 422, body: { message: 'labels is missing' } };
          pull.labels.push(...(input.labels as string[]));
          return { status: 200, body: pull.labels.map((name) => ({ name })) };
        }
        const one = /^\/(pulls|issues)\/(\d+)(\/comments)?$/.exec(rest);
        const pull = one ? pulls.find((p) => p.number === Number(one[2])) : undefined;
        if (method === 'GET' && one && pull) {
          if (one[3]) return { status: 200, body: pull.comments.map((c) => ({ body: c.body, user: { login: c.by } })) };
          if (one[1] === 'pulls') return { status: 200, body: json(pull) };
          return {
            status: 200,
            body: {
              number: pull.number,
              state: json(pull).state,
              closed_by: pull.closedBy ? { login: pull.closedBy } : null,
            },
          };
        }
        return null;
      };
    },
    (request) =>
      request.headers.authorization === `token ${token}` || request.headers.authorization === `Bearer ${token}`,
  );
}
