import { hasRole } from '../auth/role';
import { type Html, html } from './html';
import type { PageContext } from './page-context';

const NAV = [
  { href: '/', label: 'Sessions', key: 'sessions' },
  { href: '/approvals', label: 'Approvals', key: 'approvals' },
  { href: '/adrs', label: 'ADRs', key: 'adrs' },
  { href: '/api/docs', label: 'API', key: 'api' },
] as const;

/** The frame of every page: header with navigation and the person logged in, then the page's own content. */
export function layout(context: PageContext, title: string, body: Html, active?: string): Html {
  const { principal } = context;
  const waiting = context.pendingApprovals ?? 0;
  // Always there, hidden at zero: the approvals page updates it live.
  const badge = html` <span class="badge" id="approvals-badge" aria-label="waiting approvals"${waiting ? '' : html` hidden`}>${waiting}</span>`;
  const links = NAV.map(
    (item) =>
      html`<a href="${item.href}"${active === item.key ? html` aria-current="page"` : ''}>${item.label}${item.key === 'approvals' ? badge : ''}</a>`,
  );
  const admin = principal && hasRole(principal.role, 'admin') ? html`<a href="/admin/queues">Queues</a>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Triad</title>
<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Triad</a>
  ${principal ? html`<nav>${links}${admin}</nav>` : ''}
  ${
    principal
      ? html`<form class="who" method="post" action="/logout">
    <span>${principal.name} <small>${principal.role}</small></span>
    <input type="hidden" name="_csrf" value="${context.csrfToken ?? ''}">
    <button class="link">Log out</button>
  </form>`
      : ''
  }
</header>
<main>
${body}
</main>
</body>
</html>`;
}
