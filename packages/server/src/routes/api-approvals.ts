import { Approval, Task } from '@triad/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { ApprovalDetail, approvalDetail, findApprovalDetail } from '../approval-detail';
import { ApprovalFilter, approvalHistory } from '../approval-history';
import { DecisionBody, decide } from '../decision';
import { ErrorBody } from './api-sessions';

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const TaskParams = z.object({ taskId: z.string().min(1) });

/** The approvals queue and decisions; only approvers decide, under their own name. */
export const apiApprovalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  app.get(
    '/api/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Changes waiting for a person, soonest expiry first, with diff, review and risk',
        response: { 200: z.object({ approvals: z.array(ApprovalDetail) }), ...errors },
      },
    },
    async () => ({
      approvals: await Promise.all((await triad.approvals.pending()).map((a) => approvalDetail(triad, a))),
    }),
  );

  app.get(
    '/api/approvals/history',
    {
      schema: {
        tags: ['approvals'],
        summary:
          'Approvals waiting and decided (earlier revisions too), newest request first, by session, state and risk',
        querystring: ApprovalFilter,
        response: {
          200: z.object({
            approvals: z.array(
              z.object({
                approval: Approval,
                task: Task.pick({ id: true, sessionId: true, title: true, state: true, commit: true, revision: true }),
                superseded: z.boolean(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({ approvals: await approvalHistory(triad, request.query) }),
  );

  app.get(
    '/api/approvals/:taskId',
    {
      schema: {
        tags: ['approvals'],
        summary: 'The approval of one task, waiting or decided',
        params: TaskParams,
        response: { 200: ApprovalDetail, ...errors },
      },
    },
    async (request) => findApprovalDetail(triad, request.params.taskId),
  );

  app.post(
    '/api/approvals/:taskId',
    {
      config: { role: 'approver' },
      schema: {
        tags: ['approvals'],
        summary: 'Approve, reject or request changes to a waiting change; 409 when it is already decided or expired',
        params: TaskParams,
        body: DecisionBody,
        response: { 200: ApprovalDetail, ...errors },
      },
    },
    async (request) => {
      const by = request.principal?.name ?? '';
      const { taskId } = request.params;
      await findApprovalDetail(triad, taskId);
      await decide(triad, taskId, by, request.body);
      request.log.info({ taskId, decision: request.body.decision, by }, 'approval decided');
      return findApprovalDetail(triad, taskId);
    },
  );
};
