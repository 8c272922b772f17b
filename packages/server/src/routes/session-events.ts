import type { ServerResponse } from 'node:http';
import type { TriadEvent } from '@triad/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';

/** How long one blocking read waits before a keep-alive comment goes out (ms). */
const BLOCK_MS = 15_000;
const STREAM_ID = /^\d+(-\d+)?$/;

function write(raw: ServerResponse, event: TriadEvent) {
  raw.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
}

/**
 * A session's events as Server-Sent Events. Each event's id is its Redis stream id, so a client that reconnects with
 * `Last-Event-ID` (or `?after=`) gets exactly what it missed, then live events as they are appended.
 */
export const sessionEventRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of open) close();
  });

  app.get(
    '/api/sessions/:id/events',
    {
      schema: {
        tags: ['sessions'],
        summary: "The session's events as Server-Sent Events, resumable with Last-Event-ID",
        params: z.object({ id: z.string().min(1) }),
        querystring: z.object({ after: z.string().regex(STREAM_ID).optional() }),
        headers: z.object({ 'last-event-id': z.string().regex(STREAM_ID).optional() }).loose(),
      },
    },
    async (request, reply) => {
      const session = await triad.sessions.get(request.params.id);
      let cursor = request.headers['last-event-id'] ?? request.query.after ?? '0';
      const tail = triad.events.tail(session.id);
      let closed = false;
      const raw = reply.raw;
      const close = () => {
        if (closed) return;
        closed = true;
        open.delete(close);
        tail.close();
        raw.end();
      };
      open.add(close);
      request.raw.on('close', close);
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');
      try {
        for (const event of await triad.events.read(session.id, cursor)) {
          write(raw, event);
          cursor = event.id ?? cursor;
        }
        while (!closed) {
          const events = await tail.next(cursor === '0' ? '0-0' : cursor, BLOCK_MS);
          if (events.length === 0) raw.write(': keep-alive\n\n');
          for (const event of events) {
            write(raw, event);
            cursor = event.id ?? cursor;
          }
        }
      } catch (error) {
        if (!closed) request.log.warn({ err: error, session: session.id }, 'event stream ended');
      } finally {
        close();
      }
    },
  );
};
