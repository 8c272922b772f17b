import type { Watch } from '@triad/orchestrator';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app-deps';

/** How often a keep-alive comment goes out on an idle stream (ms). */
const KEEP_ALIVE_MS = 15_000;

/** What a client of the approvals stream is told: what changed, and the requests waiting now. */
interface ApprovalNews {
  type: 'approval.pending' | 'approval.requested' | 'approval.decided';
  taskId?: string;
  /** Tasks whose approval waits for a person, soonest expiry first. */
  pending: string[];
}

/**
 * Approval requests and decisions of every session as Server-Sent Events: the first message lists what waits now,
 * each later one names the task that asked or was decided (workers announce both on the control channel).
 */
export const approvalEventRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of open) close();
  });

  app.get(
    '/api/approvals/events',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Approval requests and decisions of every session as Server-Sent Events',
      },
    },
    async (request, reply) => {
      let watch: Watch | undefined;
      const raw = reply.raw;
      let closed = false;
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const close = () => {
        if (closed) return;
        closed = true;
        open.delete(close);
        clearInterval(keepAlive);
        watch?.close();
        raw.end();
      };
      open.add(close);
      request.raw.on('close', close);
      // Sent in order: a slow read of the pending list never lets an older count overwrite a newer one.
      let sending = Promise.resolve();
      const send = (type: ApprovalNews['type'], taskId?: string) => {
        sending = sending
          .then(async () => {
            const pending = (await triad.approvals.pending()).map((approval) => approval.taskId);
            const news: ApprovalNews = { type, ...(taskId ? { taskId } : {}), pending };
            if (!closed) raw.write(`data: ${JSON.stringify(news)}\n\n`);
          })
          .catch((error: unknown) => request.log.warn({ err: error }, 'approval stream could not read Redis'));
      };
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');
      try {
        watch = triad.approvals.watch((news) => send(news.type, news.taskId));
        await watch.ready;
        send('approval.pending');
      } catch (error) {
        request.log.warn({ err: error }, 'approval stream could not subscribe');
        close();
      }
    },
  );
};
