import { TriadError } from '@triad/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { approvalDetail, findApprovalDetail } from '../approval-detail';
import { ApprovalFilter, approvalHistory } from '../approval-history';
import { DecisionBody, decide } from '../decision';
import { approvalCard } from '../views/approval-card';
import { approvalPage, approvalsPage } from '../views/approvals-page';
import { pageContext } from './page-context';

const Params = z.object({ taskId: z.string().min(1) });
const PageQuery = z.object({ late: z.string().optional() });

/** The approvals queue, one approval's page (webhook links lead there), and the decision form. */
export const uiApprovalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  const page = { page: true };

  app.get(
    '/approvals',
    { config: page, schema: { hide: true, querystring: ApprovalFilter } },
    async (request, reply) => {
      const filter = request.query;
      const [waiting, history, sessions] = await Promise.all([
        triad.approvals.pending(),
        approvalHistory(triad, filter),
        triad.sessions.list(100),
      ]);
      const matching = waiting.filter(
        (approval) =>
          (!filter.session || approval.sessionId === filter.session) &&
          (!filter.risk || approval.level === filter.risk),
      );
      const pending = await Promise.all(matching.map((approval) => approvalDetail(triad, approval)));
      const decided = history.filter((entry) => entry.approval.status !== 'pending');
      const context = await pageContext(triad, request, reply);
      const view = { pending, decided, filter, sessions: sessions.map((session) => session.id) };
      return reply.type('text/html').send(approvalsPage(context, view).value);
    },
  );

  app.get(
    '/approvals/:taskId',
    { config: page, schema: { hide: true, params: Params, querystring: PageQuery } },
    async (request, reply) => {
      const detail = await findApprovalDetail(triad, request.params.taskId);
      const context = await pageContext(triad, request, reply);
      const late = request.query.late !== undefined && detail.approval.status !== 'pending';
      return reply.type('text/html').send(approvalPage(context, detail, { late }).value);
    },
  );

  app.get(
    '/approvals/:taskId/card',
    { config: page, schema: { hide: true, params: Params, querystring: ApprovalFilter } },
    async (request, reply) => {
      const detail = await findApprovalDetail(triad, request.params.taskId);
      const { session, state, risk } = request.query;
      const { approval } = detail;
      const matches =
        (!session || approval.sessionId === session) &&
        (!state || approval.status === state) &&
        (!risk || approval.level === risk);
      if (!matches) return reply.code(204).send();
      const context = await pageContext(triad, request, reply);
      return reply.type('text/html').header('cache-control', 'no-store').send(approvalCard(context, detail).value);
    },
  );

  app.post(
    '/approvals/:taskId',
    {
      config: { ...page, role: 'approver' },
      schema: { hide: true, params: Params, body: DecisionBody.extend({ _csrf: z.string().optional() }) },
    },
    async (request, reply) => {
      const { taskId } = request.params;
      await findApprovalDetail(triad, taskId);
      const by = request.principal?.name ?? '';
      try {
        await decide(triad, taskId, by, request.body);
      } catch (error) {
        // Someone else decided first: show them who and when, not an error.
        if (error instanceof TriadError && error.code === 'approval_not_pending') {
          return reply.redirect(`/approvals/${encodeURIComponent(taskId)}?late=1`, 303);
        }
        throw error;
      }
      request.log.info({ taskId, decision: request.body.decision, by }, 'approval decided');
      return reply.redirect(`/approvals/${encodeURIComponent(taskId)}`, 303);
    },
  );
};
