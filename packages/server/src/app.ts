import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { DEFAULT_MAX_DURATION_MS } from '@triad/core';
import { type Runtime, type Triad, triadOver } from '@triad/orchestrator';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppDeps } from './app-deps';
import { authPlugin } from './auth/auth-plugin';
import { LoginSessions } from './auth/login-sessions';
import { docsCsp } from './docs-csp';
import { errorHandlerPlugin } from './error-handler';
import { adminQueueRoutes } from './routes/admin-queues';
import { apiAdrRoutes } from './routes/api-adrs';
import { apiApprovalRoutes } from './routes/api-approvals';
import { apiSessionRoutes } from './routes/api-sessions';
import { approvalEventRoutes } from './routes/approval-events';
import { healthRoutes } from './routes/health';
import { loginRoutes } from './routes/login';
import { sessionEventRoutes } from './routes/session-events';
import { staticRoutes } from './routes/static-files';
import { uiAdrRoutes } from './routes/ui-adrs';
import { uiApprovalRoutes } from './routes/ui-approvals';
import { uiSessionRoutes } from './routes/ui-sessions';
import { uiTaskRoutes } from './routes/ui-tasks';

export interface AppOptions extends Omit<AppDeps, 'logins' | 'maxDurationMs' | 'triad' | 'rt'> {
  /** The runtime under the facade; the routes get only its `ServerRuntime` part. */
  rt: Runtime;
  /** The facade over `rt` (server.ts passes the one it built); made over `rt` when absent (tests). */
  triad?: Triad;
  /** The longest session a start request may ask for; 7 days when unset. */
  maxDurationMs?: number;
  /** Signs login and CSRF cookies. */
  cookieSecret: string;
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDRs). None by default: then the client is
   * the peer of the TCP connection, so a forged header can neither dodge the login rate limit nor fake a log line.
   */
  trustProxy?: readonly string[];
  /** Fastify's logger: a pino instance, or false for none (tests). */
  logger?: FastifyBaseLogger | false;
}

/** The server: external plugins, then Triad's own (errors, auth), then routes. `listen` is server.ts's job. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { cookieSecret, logger, trustProxy = [], triad, ...rest } = options;
  const deps: AppDeps = {
    ...rest,
    triad: triad ?? triadOver(rest.rt),
    // Only this part of the runtime reaches the routes, as a value too: anything else goes through `triad`.
    rt: { redis: rest.rt.redis, config: rest.rt.config, queues: rest.rt.queues },
    maxDurationMs: rest.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
    logins: new LoginSessions(rest.rt.redis, `${rest.rt.config.prefix}:server:login`),
  };
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    trustProxy: trustProxy.length > 0 ? [...trustProxy] : false,
    // SSE streams end on close; nothing else should keep the process waiting.
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie, { secret: cookieSecret });
  await app.register(formbody);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'triad_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: deps.secureCookies },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: deps.secureCookies ? [] : null,
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Triad API', version: '0.1.0', description: 'Start sessions, watch them, decide approvals.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(errorHandlerPlugin);
  await app.register(authPlugin, { users: deps.users, logins: deps.logins });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: docsCsp });

  await app.register(staticRoutes);
  await app.register(healthRoutes, deps);
  await app.register(loginRoutes, deps);
  await app.register(apiSessionRoutes, deps);
  await app.register(sessionEventRoutes, deps);
  await app.register(approvalEventRoutes, deps);
  await app.register(apiApprovalRoutes, deps);
  await app.register(apiAdrRoutes, deps);
  await app.register(uiSessionRoutes, deps);
  await app.register(uiTaskRoutes, deps);
  await app.register(uiApprovalRoutes, deps);
  await app.register(uiAdrRoutes, deps);
  await app.register(adminQueueRoutes, deps);
  return app;
}
