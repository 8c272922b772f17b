import type { AdrEntry } from '../adrs';
import { type Html, html } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';

export function adrsPage(
  context: PageContext,
  source: { repo: string; dir: string; revision: string },
  adrs: AdrEntry[],
): Html {
  const rows = adrs.map(
    (adr) =>
      html`<li><a href="/adrs/${adr.number}">${String(adr.number).padStart(4, '0')} · ${adr.title}</a> ${adr.status ? html`<span class="tag adr-${adr.status.toLowerCase()}">${adr.status}</span>` : ''}</li>`,
  );
  return layout(
    context,
    'ADRs',
    html`<h1>Architecture decisions</h1>
<p class="muted"><code>${source.dir}</code> of <code>${source.repo}</code> at <code>${source.revision.slice(0, 10)}</code></p>
${adrs.length ? html`<ol class="card adr-list">${rows}</ol>` : html`<p class="card muted">No ADRs in this repository yet.</p>`}`,
    'adrs',
  );
}
