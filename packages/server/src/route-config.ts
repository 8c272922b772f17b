import type { Role } from './auth/role';
import type { Principal } from './auth/user';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without logging in (health, login, static assets). */
    public?: boolean;
    /** The least role that may call the route; viewer when unset. */
    role?: Role;
    /** A page for people: errors render as HTML, and a missing login redirects to the login form. */
    page?: boolean;
    /** Check the CSRF token even without a login cookie (the login form). */
    csrf?: boolean;
  }
  interface FastifyRequest {
    /** Who made the request, once authentication ran; undefined when nobody is logged in. */
    principal: Principal | undefined;
  }
}
