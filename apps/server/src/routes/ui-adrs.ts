import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adrShelf, readAdr } from '../adrs';
import type { AppDeps } from '../app-deps';
import { adrsPage } from '../views/adrs-page';
import { documentPage } from '../views/document-page';
import { html } from '../views/html';
import { pageContext } from './page-context';

/** ADRs of the most recent session's repository, listed and rendered. */
export const uiAdrRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { rt }) => {
  app.get('/adrs', { config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    const shelf = await adrShelf(rt);
    const context = await pageContext(rt, request, reply);
    const source = { repo: shelf.repo.url, dir: shelf.dir, revision: shelf.revision };
    return reply.type('text/html').send(adrsPage(context, source, shelf.adrs).value);
  });

  app.get(
    '/adrs/:n',
    { config: { page: true }, schema: { hide: true, params: z.object({ n: z.coerce.number().int().positive() }) } },
    async (request, reply) => {
      const shelf = await adrShelf(rt);
      const adr = readAdr(shelf, request.params.n);
      const source = html`<a href="/adrs">ADRs</a> · <code>${adr.path}</code> in <code>${shelf.repo.url}</code>`;
      const context = await pageContext(rt, request, reply);
      return reply.type('text/html').send(documentPage(context, adr.title, source, adr.markdown, 'adrs').value);
    },
  );
};
