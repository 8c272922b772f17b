import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { STAGES } from '@triad/orchestrator';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app-deps';

const BASE = '/admin/queues';

/** bull-board over every stage queue, for admins only (the auth hook reads the role from each route's config). */
export const adminQueueRoutes: FastifyPluginAsync<AppDeps> = async (app, { rt }) => {
  const adapter = new FastifyAdapter();
  createBullBoard({
    queues: STAGES.map((stage) => new BullMQAdapter(rt.queues.get(stage))),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Triad queues' } },
  });
  adapter.setBasePath(BASE);
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, role: 'admin', page: true };
    route.schema = { ...route.schema, hide: true };
  });
  // bull-board's page is a built React app with an inline bootstrap script. Its page links web fonts from an outside
  // host; the dashboard loads nothing from outside the server, so the link goes and the system font serves.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; frame-ancestors 'none'",
    );
    return typeof payload === 'string' ? withoutOutsideLinks(payload) : payload;
  });
  await app.register(adapter.registerPlugin(), { prefix: BASE });
};

/** The page without `<link>`s to other hosts (bull-board's web-font stylesheet). */
export function withoutOutsideLinks(html: string): string {
  return html.replace(/<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>/gi, '');
}
