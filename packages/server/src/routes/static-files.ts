import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

const FILES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
} as const;

/** The stylesheet, the one script and the icon of the UI, read once; public, so the login page has them. */
export const staticRoutes: FastifyPluginAsync = async (app) => {
  for (const [name, type] of Object.entries(FILES)) {
    const body = await readFile(new URL(`../public/${name}`, import.meta.url));
    app.get(`/static/${name}`, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=300').send(body),
    );
  }
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/static/favicon.svg', 301),
  );
};
