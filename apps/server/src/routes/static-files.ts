import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

const FILES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
} as const;

/** The stylesheet and the one script of the UI, read once; public, so the login page has them. */
export const staticRoutes: FastifyPluginAsync = async (app) => {
  for (const [name, type] of Object.entries(FILES)) {
    const body = await readFile(new URL(`../public/${name}`, import.meta.url));
    app.get(`/static/${name}`, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=300').send(body),
    );
  }
};
