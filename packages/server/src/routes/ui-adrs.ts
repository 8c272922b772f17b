import { posix } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adrHref, adrLinks, adrShelf, knownRepos, readAdr } from '../adrs';
import type { AppDeps } from '../app-deps';
import { adrsPage } from '../views/adrs-page';
import { documentPage } from '../views/document-page';
import { html } from '../views/html';
import { pageContext } from './page-context';

/** A repository some session ran on; the most recent session's when unset. */
const RepoQuery = z.object({
  repo: z.string().min(1).max(2000).optional(),
  branch: z.string().min(1).max(255).default('main'),
});

/** ADRs of every repository Triad has sessions on: one list per repository, one page per ADR. */
export const uiAdrRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  const shelfFor = (query: z.infer<typeof RepoQuery>) =>
    adrShelf(triad, query.repo ? { url: query.repo, branch: query.branch } : undefined);

  app.get(
    '/adrs',
    { config: { page: true }, schema: { hide: true, querystring: RepoQuery } },
    async (request, reply) => {
      const [shelf, repos] = await Promise.all([shelfFor(request.query), knownRepos(triad)]);
      const context = await pageContext(triad, request, reply);
      const source = { repo: shelf.repo, dir: shelf.dir, revision: shelf.revision };
      return reply.type('text/html').send(adrsPage(context, source, shelf.adrs, repos).value);
    },
  );

  app.get(
    '/adrs/:n',
    {
      config: { page: true },
      schema: { hide: true, params: z.object({ n: z.coerce.number().int().positive() }), querystring: RepoQuery },
    },
    async (request, reply) => {
      const shelf = await shelfFor(request.query);
      const adr = readAdr(shelf, request.params.n);
      const source = html`<a href="${adrHref(shelf.repo)}">ADRs</a> · <code>${adr.path}</code> in <code>${shelf.repo.url}</code> (${shelf.repo.branch})`;
      const context = await pageContext(triad, request, reply);
      const links = adrLinks(shelf, posix.dirname(adr.path));
      return reply.type('text/html').send(documentPage(context, adr.title, source, adr.markdown, 'adrs', links).value);
    },
  );
};
