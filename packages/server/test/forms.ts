import type { LightMyRequestResponse } from 'fastify';
import type { ServerRig } from './harness';

/** `name=value` pairs of the response's Set-Cookie headers, to send back as a browser would. */
export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
}

/** The CSRF token of the first form on a page. */
export function csrfTokenIn(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Logs `name` in through the login form: the cookie jar a browser would then hold. */
export async function logIn(rig: ServerRig, name: string): Promise<Record<string, string>> {
  const form = await rig.app.inject('/login');
  const jar = cookiesOf(form);
  const response = await rig.app.inject({
    method: 'POST',
    url: '/login',
    cookies: jar,
    payload: { token: rig.tokens[name] ?? '', _csrf: csrfTokenIn(form.body), next: '/' },
  });
  if (response.statusCode !== 303) throw new Error(`login of ${name} answered ${response.statusCode}`);
  return { ...jar, ...cookiesOf(response) };
}

/** Posts a form from the page at `from` as the logged-in jar would (its CSRF token included). */
export async function postForm(
  rig: ServerRig,
  jar: Record<string, string>,
  from: string,
  url: string,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const page = await rig.app.inject({ url: from, cookies: jar });
  const cookies = { ...jar, ...cookiesOf(page) };
  return rig.app.inject({ method: 'POST', url, cookies, payload: { ...fields, _csrf: csrfTokenIn(page.body) } });
}
