import { TriadError } from '@triad/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { statusOf } from './error-status';
import './route-config';
import { errorPage } from './views/error-page';

export interface ErrorBody {
  code: string;
  message: string;
}

/** The one error handler: a 5xx never shows its message, TriadErrors map to 404/409/422, invalid input to 422. */
export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const [status, body] = describe(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, status, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, { code: 'not_found', message: `nothing at ${request.method} ${request.url}` }),
  );
});

function describe(error: FastifyError): [number, ErrorBody] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const where = issue?.instancePath ? `${error.validationContext ?? 'request'}${issue.instancePath}` : 'request';
    return [422, { code: 'invalid_request', message: `invalid ${where}: ${issue?.message ?? 'see the API docs'}` }];
  }
  if (error instanceof TriadError) return [statusOf(error), { code: error.code, message: error.message }];
  const status = error.statusCode ?? 500;
  if (status < 500) return [status, { code: error.code ?? 'bad_request', message: error.message }];
  return [status, { code: 'internal', message: 'something went wrong on the server: its log has the details' }];
}

/** An error as a page for a browser (a page route, or a request that accepts HTML), as JSON for the API. */
export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody) {
  reply.code(status);
  if (request.routeOptions.config?.page || request.headers.accept?.startsWith('text/html')) {
    return reply.type('text/html; charset=utf-8').send(errorPage(status, body.message, request.principal).value);
  }
  return reply.send(body);
}
