import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, csrfTokenIn } from './forms';
import { type ServerRig, startServerRig } from './harness';

describe('login, cookies, CSRF and security headers (app.inject)', () => {
  let rig: ServerRig;
  beforeAll(async () => {
    rig = await startServerRig({ loginRateLimit: 8 });
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

describe('login hardening (app.inject)', () => {
  const rigs: ServerRig[] = [];
  afterAll(async () => {
    await Promise.all(rigs.map((rig) => rig.close()));
  });
  async function rigWith(options: Parameters<typeof startServerRig>[0]) {
    const rig = await startServerRig(options);
    rigs.push(rig);
    return rig;
  }
  async function attempts(rig: ServerRig, forwardedFor: (attempt: number) => string, count = 6) {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < count; attempt++) {
      const headers = { 'x-forwarded-for': forwardedFor(attempt) };
      const response = await rig.app.inject({ method: 'POST', url: '/login', headers, payload: { token: 'x' } });
      statuses.push(response.statusCode);
    }
    return statuses;
  }

  it('a forged X-Forwarded-For per request does not dodge the login rate limit', async () => {
    const rig = await rigWith({ loginRateLimit: 3 });
    expect(await attempts(rig, (attempt) => `203.0.113.${attempt}`)).toContain(429);
  });

  it('behind a configured proxy, X-Forwarded-For names the client the limit counts', async () => {
    const rig = await rigWith({ loginRateLimit: 3, trustProxy: ['127.0.0.1'] });
    expect(await attempts(rig, (attempt) => `203.0.113.${attempt}`)).not.toContain(429);
    expect(await attempts(rig, () => '198.51.100.7')).toContain(429);
  });

  it('sends a login whose next holds a control character or leaves the server to /', async () => {
    const rig = await rigWith({});
    for (const next of [
      '/approvals\r\nSet-Cookie: x=1',
      '/a\nb',
      '/a\tb',
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
    ]) {
      const form = await rig.app.inject(`/login?next=${encodeURIComponent(next)}`);
      expect(form.statusCode, next).toBe(200);
      expect(form.body, next).toContain('name="next" value="/"');
      const response = await rig.app.inject({
        method: 'POST',
        url: '/login',
        cookies: cookiesOf(form),
        payload: { token: rig.tokens.alice ?? '', _csrf: csrfTokenIn(form.body), next },
      });
      expect([response.statusCode, response.headers.location], next).toEqual([303, '/']);
    }
  });

  it('logging out ends the login on the server: a copy of the cookie no longer works', async () => {
    const rig = await rigWith({});
    const form = await rig.app.inject('/login');
    const response = await rig.app.inject({
      method: 'POST',
      url: '/login',
      cookies: cookiesOf(form),
      payload: { token: rig.tokens.bob ?? '', _csrf: csrfTokenIn(form.body), next: '/' },
    });
    const jar = { ...cookiesOf(form), ...cookiesOf(response) };
    const copy = { ...jar };
    expect((await rig.app.inject({ url: '/api/sessions', cookies: copy })).statusCode).toBe(200);
    const page = await rig.app.inject({ url: '/', cookies: jar });
    const out = await rig.app.inject({
      method: 'POST',
      url: '/logout',
      cookies: jar,
      payload: { _csrf: csrfTokenIn(page.body) },
    });
    expect(out.statusCode).toBe(303);
    expect((await rig.app.inject({ url: '/api/sessions', cookies: copy })).statusCode).toBe(401);
    expect(await rig.rt.redis.keys(`${rig.prefix}:server:login:*`)).toEqual([]);
  });
});
