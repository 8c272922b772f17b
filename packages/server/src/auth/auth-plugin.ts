import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../error-handler';
import '../route-config';
import { LOGIN_COOKIE, type LoginSessions } from './login-sessions';
import { hasRole } from './role';
import { hashFingerprint } from './token';
import type { Principal } from './user';
import type { UserDirectory } from './user-directory';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  users: UserDirectory;
  logins: LoginSessions;
}

/**
 * Every route needs a login (signed cookie) or a bearer token unless it is marked public, and the role its config
 * names. State-changing requests that ride on the cookie must carry a CSRF token; bearer requests need none.
 */
export const authPlugin = fp<AuthOptions>(async (app: FastifyInstance, { users, logins }) => {
  app.decorateRequest('principal', undefined);

  async function identify(request: FastifyRequest): Promise<Principal | undefined> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const user = match ? await users.authenticate(match[1] ?? '') : undefined;
      return user && { name: user.name, role: user.role, via: 'bearer' };
    }
    const cookie = request.cookies[LOGIN_COOKIE];
    if (!cookie) return undefined;
    const unsigned = request.unsignCookie(cookie);
    const login = unsigned.valid && unsigned.value ? await logins.find(unsigned.value) : undefined;
    const user = login && (await users.find(login.n));
    if (!user || hashFingerprint(user.tokenHash) !== login?.f) return undefined;
    return { name: user.name, role: user.role, via: 'cookie' };
  }

  app.addHook('onRequest', async (request, reply) => {
    request.principal = await identify(request);
    const config = request.routeOptions.config;
    if (config.public) return;
    if (!request.principal) return unauthenticated(request, reply);
    const needed = config.role ?? 'viewer';
    if (!hasRole(request.principal.role, needed)) {
      return sendError(request, reply, 403, {
        code: 'forbidden',
        message: `${request.principal.name} is a ${request.principal.role}; this needs the ${needed} role: ask an admin`,
      });
    }
  });

  // Before validation: a schema would strip `_csrf` from the body.
  app.addHook('preValidation', (request, reply, done) => {
    const needsToken = request.principal?.via === 'cookie' || request.routeOptions.config.csrf === true;
    if (SAFE_METHODS.has(request.method) || !needsToken) return done();
    app.csrfProtection(request, reply, done);
  });
});

function unauthenticated(request: FastifyRequest, reply: FastifyReply) {
  if (request.routeOptions.config.page) {
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    return reply.redirect(`/login${next}`, 303);
  }
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="triad"')
    .send({ code: 'unauthenticated', message: 'log in at /login or send Authorization: Bearer <token>' });
}
