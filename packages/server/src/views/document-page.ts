import { type Html, html } from './html';
import { layout } from './layout';
import { type LinkRewrite, renderMarkdown } from './markdown';
import type { PageContext } from './page-context';

/** A Markdown document (a session report, an ADR) rendered and sanitised, under a line saying where it comes from. */
export function documentPage(
  context: PageContext,
  title: string,
  source: Html,
  markdown: string,
  active: string,
  rewrite?: LinkRewrite,
): Html {
  return layout(
    context,
    title,
    html`<p class="muted">${source}</p><article class="card markdown">${renderMarkdown(markdown, rewrite)}</article>`,
    active,
  );
}
