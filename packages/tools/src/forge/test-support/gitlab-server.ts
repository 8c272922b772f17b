import { type HeldPull, type LoopbackForge, nextNumber, type RouteAnswer, startLoopbackForge } from './loopback-forge';

/**
 * GitLab's REST API under `/api/v4` as docs.gitlab.com describes it, for the calls Triad makes: project merge
 * requests (list by `source_branch` and `state`, create with comma-separated `labels`, get by iid) and their notes.
 * The project is its URL-encoded path. Auth: `PRIVATE-TOKEN: <t>`.
 */
export function startGitLabServer(token: string, projectPath: string): Promise<LoopbackForge> {
  return startLoopbackForge(
    (pulls, origin) => {
      const json = (pull: HeldPull) => ({
        id: 1000 + pull.number,
        iid: pull.number,
        web_url: `${origin()}/${projectPath}/-/merge_requests/${pull.number}`,
        state: pull.state === 'open' ? 'opened' : pull.state,
        merge_commit_sha: pull.mergeCommit ?? null,
        squash_commit_sha: null,
        sha: 'f'.repeat(40),
        title: pull.title,
        description: pull.body,
        source_branch: pull.head,
        target_branch: pull.base,
        labels: pull.labels,
        closed_by: pull.closedBy ? { username: pull.closedBy } : null,
      });
      const prefix = `/api/v4/projects/${encodeURIComponent(projectPath)}/merge_requests`;
      return ({ method, path, query, body }): RouteAnswer | null => {
        if (!path.startsWith(prefix)) return null;
        const rest = path.slice(prefix.length);
        const input = (body ?? {}) as Record<string, unknown>;
        const page = { 'x-page': '1', 'x-total-pages': '1', 'x-per-page': '20', 'x-total': '0' };
        if (method === 'GET' && rest === '') {
          const state = query.get('state');
          const source = query.get('source_branch');
          const listed = pulls
            .filter((pull) => !source || pull.head === source)
            .filter((pull) => !state || json(pull).state === state)
            .sort((a, b) => b.number - a.number);
          return { status: 200, body: listed.map(json), headers: { ...page, 'x-total': String(listed.length) } };
        }
        if (method === 'POST' && rest === '') {
          for (const field of ['source_branch', 'target_branch', 'title']) {
            if (typeof input[field] !== 'string') return { status: 400, body: { error: `${field} is missing` } };
          }
          const pull: HeldPull = {
            number: nextNumber(pulls),
            head: String(input.source_branch),
            base: String(input.target_branch),
            title: String(input.title),
            body: String(input.description ?? ''),
            labels: typeof input.labels === 'string' ? input.labels.split(',').filter(Boolean) : [],
            state: 'open',
            comments: [],
          };
          pulls.push(pull);
          return { status: 201, body: json(pull) };
        }
        const one = /^\/(\d+)(\/notes)?$/.exec(rest);
        const pull = one ? pulls.find((p) => p.number === Number(one[1])) : undefined;
        if (method === 'GET' && one && pull) {
          if (!one[2]) return { status: 200, body: json(pull) };
          const notes = [
            ...pull.comments.map((c, i) => ({ id: i + 1, body: c.body, system: false, author: { username: c.by } })),
            ...(pull.closedBy ? [{ id: 99, body: 'closed', system: true, author: { username: pull.closedBy } }] : []),
          ];
          return { status: 200, body: notes, headers: { ...page, 'x-total': String(notes.length) } };
        }
        return null;
      };
    },
    (request) => request.headers['private-token'] === token,
  );
}
