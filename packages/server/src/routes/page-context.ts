import type { Triad } from '@triad/orchestrator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageContext } from '../views/page-context';

/** The person, a CSRF token for the page's forms, and the approvals badge. */
export async function pageContext(triad: Triad, request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  return {
    principal: request.principal,
    csrfToken: reply.generateCsrf(),
    pendingApprovals: (await triad.approvals.pending()).length,
  };
}
