import { isAbsolute, posix } from 'node:path';
import { TriadError } from '@triad/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adrLinks, adrShelf } from '../adrs';
import type { AppDeps } from '../app-deps';
import { StartSessionBody, toSessionRequest } from '../session-request';
import { startFormBody } from '../start-form';
import { documentPage } from '../views/document-page';
import { html } from '../views/html';
import { sessionPage } from '../views/session-page';
import { sessionsPage } from '../views/sessions-page';
import { countTasks, sessionReport } from './api-sessions';
import { pageContext } from './page-context';
import { proposedChanges } from './proposed-changes';

const Params = z.object({ id: z.string().min(1) });

/** Sessions list with the start form, one session's page, stop, and the rendered report. */
export const uiSessionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad, defaultModels, maxDurationMs }) => {
  const page = { page: true };
  const hide = { hide: true };

  app.get('/', { config: page, schema: hide }, async (request, reply) => {
    const sessions = await triad.sessions.list(50);
    const rows = await Promise.all(
      sessions.map(async (session) => ({ session, taskCounts: countTasks(await triad.tasks.list(session.id)) })),
    );
    const context = await pageContext(triad, request, reply);
    return reply.type('text/html').send(sessionsPage(context, rows, defaultModels).value);
  });

  app.post(
    '/sessions',
    { config: { ...page, role: 'approver' }, schema: { ...hide, body: z.record(z.string(), z.string()) } },
    async (request, reply) => {
      const parsed = StartSessionBody.safeParse(startFormBody(request.body));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TriadError(`invalid ${issue?.path.join('.') || 'form'}: ${issue?.message}`, {
          code: 'invalid_request',
          domain: 'user',
        });
      }
      const session = await triad.sessions.start({
        ...toSessionRequest(parsed.data, defaultModels, maxDurationMs),
        startedBy: request.principal?.name,
      });
      request.log.info({ session: session.id, by: request.principal?.name }, 'session started');
      return reply.redirect(`/sessions/${session.id}`, 303);
    },
  );

  app.get('/sessions/:id', { config: page, schema: { ...hide, params: Params } }, async (request, reply) => {
    const session = await triad.sessions.get(request.params.id);
    const [tasks, events, report] = await Promise.all([
      triad.tasks.list(session.id),
      triad.events.read(session.id),
      triad.reports.get(session.id),
    ]);
    const context = await pageContext(triad, request, reply);
    const proposals = await proposedChanges(triad, tasks);
    const asked = await Promise.all(
      tasks.map(async (task) => ((await triad.approvals.find(task.id)) ? [task.id] : [])),
    );
    const view = {
      session,
      tasks,
      events,
      hasReport: report !== undefined,
      proposals,
      approvals: new Set(asked.flat()),
    };
    return reply.type('text/html').send(sessionPage(context, view).value);
  });

  app.post(
    '/sessions/:id/stop',
    { config: { ...page, role: 'approver' }, schema: { ...hide, params: Params } },
    async (request, reply) => {
      await triad.sessions.stop(request.params.id, request.principal?.name);
      request.log.info({ session: request.params.id, by: request.principal?.name }, 'session stopped');
      return reply.redirect(`/sessions/${request.params.id}`, 303);
    },
  );

  app.get('/sessions/:id/report', { config: page, schema: { ...hide, params: Params } }, async (request, reply) => {
    const session = await triad.sessions.get(request.params.id);
    const report = await sessionReport(triad, session.id);
    const source = html`Report of <a href="/sessions/${session.id}">${session.id}</a> · <code>${report.path}</code>${report.commit ? html` at <code>${report.commit.slice(0, 10)}</code>` : ' (not committed)'}`;
    const context = await pageContext(triad, request, reply);
    // The Decisions table links each ADR relative to the report: here, to the ADR's page. Unreachable repo: plain links.
    const shelf = await adrShelf(triad, session.repo).catch(() => undefined);
    const links = shelf && !isAbsolute(report.path) ? adrLinks(shelf, posix.dirname(report.path)) : undefined;
    return reply
      .type('text/html')
      .send(documentPage(context, `Report ${session.id}`, source, report.markdown, 'sessions', links).value);
  });
};
