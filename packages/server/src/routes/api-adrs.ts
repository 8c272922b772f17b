import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adrShelf, readAdr } from '../adrs';
import type { AppDeps } from '../app-deps';
import { ErrorBody } from './api-sessions';

const errors = { 401: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const RepoQuery = z.object({
  /** A repository sessions ran on; the most recent session's when unset. */
  repo: z.string().min(1).optional(),
  branch: z.string().min(1).default('main'),
});
const Adr = z.object({ number: z.number().int(), title: z.string(), status: z.string().optional(), path: z.string() });

/** The ADRs of a repository at its branch head. Thin: the work is in ../adrs.ts. */
export const apiAdrRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  const shelfFor = (query: z.infer<typeof RepoQuery>) =>
    adrShelf(triad, query.repo ? { url: query.repo, branch: query.branch } : undefined);

  app.get(
    '/api/adrs',
    {
      schema: {
        tags: ['adrs'],
        summary: "ADRs of the most recent session's repository (or ?repo=)",
        querystring: RepoQuery,
        response: {
          200: z.object({
            repo: z.string(),
            branch: z.string(),
            revision: z.string(),
            dir: z.string(),
            adrs: z.array(Adr),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const shelf = await shelfFor(request.query);
      return {
        repo: shelf.repo.url,
        branch: shelf.repo.branch,
        revision: shelf.revision,
        dir: shelf.dir,
        adrs: shelf.adrs,
      };
    },
  );

  app.get(
    '/api/adrs/:n',
    {
      schema: {
        tags: ['adrs'],
        summary: 'One ADR with its Markdown',
        params: z.object({ n: z.coerce.number().int().positive() }),
        querystring: RepoQuery,
        response: { 200: Adr.extend({ markdown: z.string(), revision: z.string() }), ...errors },
      },
    },
    async (request) => {
      const shelf = await shelfFor(request.query);
      return { ...readAdr(shelf, request.params.n), revision: shelf.revision };
    },
  );
};
