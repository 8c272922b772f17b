import { Session, Task, TaskState, TriadError } from '@triad/core';
import type { StoredReport, Triad } from '@triad/orchestrator';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { StartSessionBody, toSessionRequest } from '../session-request';

const SessionParams = z.object({ id: z.string().min(1) });
const TaskCounts = z.partialRecord(TaskState, z.number().int());
export const ErrorBody = z.object({ code: z.string(), message: z.string() });
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export function countTasks(tasks: readonly Task[]): Partial<Record<TaskState, number>> {
  const counts: Partial<Record<TaskState, number>> = {};
  for (const task of tasks) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
}

/** The report of session `id` (404 for an unknown session), or a 404 saying when it will be written. */
export async function sessionReport(triad: Triad, id: string): Promise<StoredReport> {
  const session = await triad.sessions.get(id);
  const report = await triad.reports.get(session.id);
  if (!report) {
    throw new TriadError(`session ${session.id} has no report yet: it is written when the session ends`, {
      code: 'report_not_found',
      domain: 'user',
    });
  }
  return report;
}

/** Start, list, show and stop sessions; read a session's report. */
export const apiSessionRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { triad, defaultModels, maxDurationMs },
) => {
  app.post(
    '/api/sessions',
    {
      config: { role: 'approver' },
      schema: {
        tags: ['sessions'],
        summary: 'Start a time-boxed session on a GitOps repository',
        body: StartSessionBody,
        response: { 201: Session, ...errors },
      },
    },
    async (request, reply) => {
      const session = await triad.sessions.start({
        ...toSessionRequest(request.body, defaultModels, maxDurationMs),
        startedBy: request.principal?.name,
      });
      request.log.info({ session: session.id, by: request.principal?.name }, 'session started');
      return reply.code(201).send(session);
    },
  );

  app.get(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Sessions, newest first, with their task counts by state',
        querystring: z.object({ limit: z.coerce.number().int().positive().max(500).default(50) }),
        response: { 200: z.object({ sessions: z.array(Session.extend({ taskCounts: TaskCounts })) }), ...errors },
      },
    },
    async (request) => {
      const sessions = await triad.sessions.list(request.query.limit);
      const rows = await Promise.all(
        sessions.map(async (session) => ({ ...session, taskCounts: countTasks(await triad.tasks.list(session.id)) })),
      );
      return { sessions: rows };
    },
  );

  app.get(
    '/api/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'One session and its tasks',
        params: SessionParams,
        response: { 200: z.object({ session: Session, tasks: z.array(Task) }), ...errors },
      },
    },
    async (request) => {
      return triad.sessions.show(request.params.id);
    },
  );

  app.post(
    '/api/sessions/:id/stop',
    {
      config: { role: 'approver' },
      schema: {
        tags: ['sessions'],
        summary: 'End a running session now: open tasks are deferred and the report is written',
        params: SessionParams,
        response: { 200: Session, ...errors },
      },
    },
    async (request) => {
      const session = await triad.sessions.stop(request.params.id, request.principal?.name);
      request.log.info({ session: session.id, by: request.principal?.name }, 'session stopped');
      return session;
    },
  );

  app.get(
    '/api/sessions/:id/report',
    {
      schema: {
        tags: ['sessions'],
        summary: "The session's report: Markdown, its data, and where it was committed",
        params: SessionParams,
        response: {
          200: z.object({
            markdown: z.string(),
            data: z.unknown(),
            path: z.string(),
            commit: z.string().optional(),
            writtenAt: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      return sessionReport(triad, request.params.id);
    },
  );
};
