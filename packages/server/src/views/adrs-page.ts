import type { RepoRef } from '@triad/core';
import { type AdrEntry, adrHref } from '../adrs';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';

/** The repositories to choose from, the shown one marked. */
function repoChooser(current: RepoRef, repos: readonly RepoRef[]): Html | string {
  if (repos.length < 2) return '';
  const same = (repo: RepoRef) => repo.url === current.url && repo.branch === current.branch;
  return html`<nav class="card repo-chooser" aria-label="Repositories"><strong>Repository</strong>
<ul>${repos.map(
    (repo) =>
      html`<li><a href="${adrHref(repo)}"${same(repo) ? html` aria-current="page"` : ''}><code>${repo.url}</code> (${repo.branch})</a></li>`,
  )}</ul></nav>`;
}

/** The ADRs of one repository Triad has sessions on, each linking its own page; the other repositories to choose. */
export function adrsPage(
  context: PageContext,
  source: { repo: RepoRef; dir: string; revision: string },
  adrs: AdrEntry[],
  repos: readonly RepoRef[],
): Html {
  const rows = adrs.map(
    (adr) =>
      html`<li><a href="${adrHref(source.repo, adr.number)}">${String(adr.number).padStart(4, '0')} · ${adr.title}</a> ${adr.status ? html`<span class="tag adr-${adr.status.toLowerCase()}">${adr.status}</span>` : ''}</li>`,
  );
  return layout(
    context,
    'ADRs',
    html`<h1>Architecture decisions</h1>
${repoChooser(source.repo, repos)}
<p class="muted"><code>${source.dir}</code> of <code>${source.repo.url}</code> (${source.repo.branch}) at <code>${source.revision.slice(0, 10)}</code></p>
${adrs.length ? html`<ol class="card adr-list">${rows}</ol>` : html`<p class="card muted">No ADRs in this repository yet.</p>`}`,
    'adrs',
  );
}
