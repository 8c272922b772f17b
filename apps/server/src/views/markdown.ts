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

/** Markdown (reports, ADRs, commit text a model wrote) as HTML with everything that could run stripped. */
export function renderMarkdown(markdown: string): Html {
  const raw = marked.parse(markdown) as string;
  return trusted(sanitizeHtml(raw, ALLOWED));
}
