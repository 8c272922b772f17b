import type { Principal } from '../auth/user';
import { type Html, html } from './html';
import { layout } from './layout';

export function errorPage(status: number, message: string, principal?: Principal): Html {
  const title =
    status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 409 ? 'Already decided' : 'Error';
  return layout(
    { principal },
    title,
    html`<section class="card error"><h1>${title}</h1><p>${message}</p><p><a href="/">Back to the sessions</a></p></section>`,
  );
}
