import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerRig, serverRig } from './harness';

/** `name=value` pairs of the response's Set-Cookie headers, to send back as a browser would. */
function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
}

function csrfTokenIn(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

describe('login, cookies, CSRF and security headers (app.inject)', () => {
  let rig: ServerRig;
  beforeAll(async () => {
    rig = await serverRig({ loginRateLimit: 8 });
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function login(name: string) {
    const form = await rig.app.inject('/login?next=/approvals');
    const jar = cookiesOf(form);
    const response = await rig.app.inject({
      method: 'POST',
      url: '/login',
      cookies: jar,
      payload: { token: rig.tokens[name] ?? '', _csrf: csrfTokenIn(form.body), next: '/approvals' },
    });
    return { response, jar: { ...jar, ...cookiesOf(response) } };
  }

  it('sends a person without a login to the login form, and the API answers 401', async () => {
    const page = await rig.app.inject('/approvals');
    expect([page.statusCode, page.headers.location]).toEqual([303, '/login?next=%2Fapprovals']);
    expect((await rig.app.inject('/api/approvals')).statusCode).toBe(401);
  });

  it('logs in with a token: a signed, httpOnly, SameSite cookie, then back where the person was going', async () => {
    const { response, jar } = await login('alice');
    expect([response.statusCode, response.headers.location]).toEqual([303, '/approvals']);
    const cookie = response.cookies.find((c) => c.name === 'triad_login');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const page = await rig.app.inject({ url: '/approvals', cookies: jar });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('alice');
    const tampered = { ...jar, triad_login: `${jar.triad_login?.slice(0, -3)}abc` };
    expect((await rig.app.inject({ url: '/api/sessions', cookies: tampered })).statusCode).toBe(401);
  });

  it('refuses a wrong token with the form again, and a login without its CSRF token', async () => {
    const form = await rig.app.inject('/login');
    const wrong = await rig.app.inject({
      method: 'POST',
      url: '/login',
      cookies: cookiesOf(form),
      payload: { token: 'triad.YWxpY2U.AAAAAAAAAAAAAAAAAAAAAAAA', _csrf: csrfTokenIn(form.body) },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('not valid');
    const noCsrf = await rig.app.inject({ method: 'POST', url: '/login', payload: { token: rig.tokens.alice } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('needs the CSRF token on every state-changing form sent with the cookie, not with a bearer token', async () => {
    const { jar } = await login('alice');
    const page = await rig.app.inject({ url: '/', cookies: jar });
    const payload = { repo: rig.remote, duration: '1h', autoApprove: 'low', maxCycles: '1' };
    const forged = await rig.app.inject({ method: 'POST', url: '/sessions', cookies: jar, payload });
    expect(forged.statusCode).toBe(403);
    const stop = await rig.app.inject({ method: 'POST', url: '/sessions/x/stop', cookies: jar });
    expect(stop.statusCode).toBe(403);
    const api = await rig.app.inject({ method: 'POST', url: '/api/sessions', cookies: jar, payload: { repo: 'x' } });
    expect(api.statusCode).toBe(403);
    expect(await rig.rt.sessions.list()).toEqual([]);

    const real = await rig.app.inject({
      method: 'POST',
      url: '/sessions',
      cookies: jar,
      payload: { ...payload, _csrf: csrfTokenIn(page.body) },
    });
    expect(real.statusCode, real.body).toBe(303);
    expect(real.headers.location).toMatch(/^\/sessions\/\d{8}-[0-9a-f]{6}$/);
    const session = (await rig.rt.sessions.list())[0];
    await rig.app.inject({ method: 'POST', url: `/api/sessions/${session?.id}/stop`, headers: rig.as('alice') });
  });

  it('shows a viewer no start form and no decision buttons', async () => {
    const { jar } = await login('vic');
    const home = await rig.app.inject({ url: '/', cookies: jar });
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('Start session');
    const form = await rig.app.inject({ method: 'POST', url: '/sessions', cookies: jar, payload: {} });
    expect(form.statusCode).toBe(403);
  });

  it('sets security headers with a CSP on pages', async () => {
    const page = await rig.app.inject('/login');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('logs out', async () => {
    const { jar } = await login('alice');
    const page = await rig.app.inject({ url: '/', cookies: jar });
    const out = await rig.app.inject({
      method: 'POST',
      url: '/logout',
      cookies: jar,
      payload: { _csrf: csrfTokenIn(page.body) },
    });
    expect([out.statusCode, out.headers.location]).toEqual([303, '/login']);
    expect(out.cookies.find((c) => c.name === 'triad_login')?.value).toBe('');
  });

  it('rate-limits login attempts', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await rig.app.inject({ method: 'POST', url: '/login', payload: { token: 'x' } });
      statuses.push(response.statusCode);
    }
    expect(statuses).toContain(429);
  });
});
