import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { LOGIN_COOKIE, LOGIN_TTL_MS } from '../auth/login-sessions';
import { hashFingerprint } from '../auth/token';
import { loginPage } from '../views/login-page';

/**
 * Only a path on this server: `next` never sends a person elsewhere after logging in, and never puts a control
 * character (CR, LF, tab…) into the Location header. Anything else goes to `/`.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  const url = new URL(next, 'http://triad.invalid');
  return url.origin === 'http://triad.invalid' ? next : '/';
}

/** The login form (a token sets a signed, httpOnly, SameSite cookie), rate-limited, and logout. */
export const loginRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { users, logins, secureCookies, loginRateLimit },
) => {
  const page = { public: true, page: true };

  app.get(
    '/login',
    { config: page, schema: { hide: true, querystring: z.object({ next: z.string().optional() }) } },
    async (request, reply) =>
      reply.type('text/html').send(loginPage(reply.generateCsrf(), safeNext(request.query.next)).value),
  );

  app.post(
    '/login',
    {
      config: { ...page, csrf: true, rateLimit: { max: loginRateLimit, timeWindow: 60_000 } },
      schema: { hide: true, body: z.object({ token: z.string().default(''), next: z.string().optional() }) },
    },
    async (request, reply) => {
      const user = await users.authenticate(request.body.token.trim());
      const next = safeNext(request.body.next);
      if (!user) {
        request.log.warn({ ip: request.ip }, 'failed login');
        return reply
          .code(401)
          .type('text/html')
          .send(loginPage(reply.generateCsrf(), next, 'That token is not valid: check it with your admin.').value);
      }
      const value = await logins.start({ n: user.name, f: hashFingerprint(user.tokenHash) });
      reply.setCookie(LOGIN_COOKIE, value, {
        signed: true,
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        path: '/',
        maxAge: LOGIN_TTL_MS / 1000,
      });
      request.log.info({ user: user.name }, 'logged in');
      return reply.redirect(next, 303);
    },
  );

  app.post('/logout', { config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    const cookie = request.cookies[LOGIN_COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
    if (unsigned?.valid && unsigned.value) await logins.end(unsigned.value);
    reply.clearCookie(LOGIN_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
};
