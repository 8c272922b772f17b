import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { type Html, trusted } from './html';

const marked = new Marked({ gfm: true, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2', 'del', 'input'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
};

/** Turns a link of the document into one of this app (an ADR file into its page), or undefined to keep it. */
export type LinkRewrite = (href: string) => string | undefined;

/**
 * Markdown (reports, ADRs, commit text a model wrote) as HTML with everything that could run stripped; `rewrite`
 * points links at this app's pages before the sanitiser checks them.
 */
export function renderMarkdown(markdown: string, rewrite?: LinkRewrite): Html {
  const raw = marked.parse(markdown) as string;
  if (!rewrite) return trusted(sanitizeHtml(raw, ALLOWED));
  const a: sanitizeHtml.Transformer = (tagName, attribs) => {
    const href = attribs.href === undefined ? undefined : (rewrite(attribs.href) ?? attribs.href);
    return { tagName, attribs: { ...attribs, ...(href === undefined ? {} : { href }), rel: 'noopener noreferrer' } };
  };
  return trusted(sanitizeHtml(raw, { ...ALLOWED, transformTags: { a } }));
}
