import { decideApproval } from '@triad/orchestrator';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { approvalDetail, findApprovalDetail } from '../approval-detail';
import { approvalPage, approvalsPage } from '../views/approvals-page';
import { DecisionBody } from './api-approvals';
import { pageContext } from './page-context';

const Params = z.object({ taskId: z.string().min(1) });

/** The approvals queue, one approval's page (webhook links lead there), and the Approve / Reject form. */
export const uiApprovalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { rt }) => {
  const page = { page: true };

  app.get('/approvals', { config: page, schema: { hide: true } }, async (request, reply) => {
    const details = await Promise.all((await rt.approvals.pending()).map((approval) => approvalDetail(rt, approval)));
    const context = await pageContext(rt, request, reply);
    return reply.type('text/html').send(approvalsPage(context, details).value);
  });

  app.get('/approvals/:taskId', { config: page, schema: { hide: true, params: Params } }, async (request, reply) => {
    const detail = await findApprovalDetail(rt, request.params.taskId);
    const context = await pageContext(rt, request, reply);
    return reply.type('text/html').send(approvalPage(context, detail).value);
  });

  app.post(
    '/approvals/:taskId',
    {
      config: { ...page, role: 'approver' },
      schema: { hide: true, params: Params, body: DecisionBody.extend({ _csrf: z.string().optional() }) },
    },
    async (request, reply) => {
      const { taskId } = request.params;
      await findApprovalDetail(rt, taskId);
      const by = request.principal?.name ?? '';
      const { decision, comment } = request.body;
      await decideApproval(rt, { taskId, approve: decision === 'approve', by, comment: comment || undefined });
      request.log.info({ taskId, decision, by }, 'approval decided');
      return reply.redirect(`/approvals/${taskId}`, 303);
    },
  );
};
