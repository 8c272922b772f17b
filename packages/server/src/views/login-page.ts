import { type Html, html } from './html';
import { layout } from './layout';

export function loginPage(csrfToken: string, next: string, error?: string): Html {
  return layout(
    {},
    'Log in',
    html`<section class="card login">
<h1>Log in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <input type="hidden" name="next" value="${next}">
  <label>Token <input name="token" type="password" autocomplete="current-password" required autofocus></label>
  <button class="primary">Log in</button>
</form>
<p class="muted">Your token comes from your admin (or was printed once when the server first started).</p>
</section>`,
  );
}
