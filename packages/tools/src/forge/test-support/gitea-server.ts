import { type HeldPull, type LoopbackForge, nextNumber, type RouteAnswer, startLoopbackForge } from './loopback-forge';

/**
 * Gitea's (and Forgejo's) REST API under `/api/v1` as its swagger describes it, for the calls Triad makes: pulls
 * (list, create with label ids, get), repository labels (list, create), issue comments and the issue timeline
 * (`close` events). Auth: `Authorization: token <t>`.
 */
export function startGiteaServer(token: string, owner: string, repo: string): Promise<LoopbackForge> {
  const labels: Array<{ id: number; name: string; color: string }> = [];
  return startLoopbackForge(
    (pulls, origin) => {
      const json = (pull: HeldPull) => ({
        number: pull.number,
        html_url: `${origin()}/${owner}/${repo}/pulls/${pull.number}`,
        state: pull.state === 'open' ? 'open' : 'closed',
        merged: pull.state === 'merged',
        merge_commit_sha: pull.mergeCommit ?? null,
        title: pull.title,
        body: pull.body,
        head: { ref: pull.head },
        base: { ref: pull.base },
        labels: labels.filter((label) => pull.labels.includes(label.name)),
      });
      const prefix = `/api/v1/repos/${owner}/${repo}`;
      return ({ method, path, query, body }): RouteAnswer | null => {
        if (!path.startsWith(prefix)) return null;
        const rest = path.slice(prefix.length);
        const input = (body ?? {}) as Record<string, unknown>;
        if (method === 'GET' && rest === '/labels') return { status: 200, body: labels };
        if (method === 'POST' && rest === '/labels') {
          if (typeof input.name !== 'string' || !/^#[0-9a-f]{6}$/i.test(String(input.color))) {
            return { status: 422, body: { message: 'name and color (#rrggbb) are required' } };
          }
          const label = { id: labels.length + 1, name: input.name, color: String(input.color) };
          labels.push(label);
          return { status: 201, body: label };
        }
        if (method === 'GET' && rest === '/pulls') {
          const state = query.get('state') ?? 'open';
          const listed = pulls.filter((pull) => state === 'all' || (state === 'open') === (pull.state === 'open'));
          return { status: 200, body: listed.map(json) };
        }
        if (method === 'POST' && rest === '/pulls') {
          for (const field of ['head', 'base', 'title']) {
            if (typeof input[field] !== 'string') return { status: 422, body: { message: `${field} is missing` } };
          }
          const ids = (input.labels ?? []) as unknown[];
          if (!ids.every((id) => typeof id === 'number')) return { status: 422, body: { message: 'labels are ids' } };
          const pull: HeldPull = {
            number: nextNumber(pulls),
            head: String(input.head),
            base: String(input.base),
            title: String(input.title),
            body: String(input.body ?? ''),
            labels: labels.filter((label) => ids.includes(label.id)).map((label) => label.name),
            state: 'open',
            comments: [],
          };
          pulls.push(pull);
          return { status: 201, body: json(pull) };
        }
        const one = /^\/(pulls|issues)\/(\d+)(\/comments|\/timeline)?$/.exec(rest);
        const pull = one ? pulls.find((p) => p.number === Number(one[2])) : undefined;
        if (method === 'GET' && one && pull) {
          if (one[3] === '/comments') {
            return { status: 200, body: pull.comments.map((c) => ({ body: c.body, user: { login: c.by } })) };
          }
          if (one[3] === '/timeline') {
            return { status: 200, body: pull.closedBy ? [{ type: 'close', user: { login: pull.closedBy } }] : [] };
          }
          if (one[1] === 'pulls') return { status: 200, body: json(pull) };
        }
        return null;
      };
    },
    (request) => request.headers.authorization === `token ${token}`,
  );
}
