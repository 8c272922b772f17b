import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { createServerMetrics } from '../metrics/server-metrics';

const Status = z.object({ status: z.string(), message: z.string().optional() });

/**
 * Liveness without a login, for kubelet and Compose probes; readiness (Redis answers) and Prometheus metrics with a
 * token, like the rest of the API.
 */
export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad, rt }) => {
  const metrics = createServerMetrics(triad, rt);

  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: Status } } }, async () => ({
    status: 'ok',
  }));

  app.get('/readyz', { schema: { hide: true, response: { 200: Status, 503: Status } } }, async (_request, reply) => {
    try {
      await Promise.race([
        rt.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', message: 'Redis does not answer' });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    await metrics.refresh();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
