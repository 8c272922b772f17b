/**
 * Separators git or a reader could take for a trailer's `:`: git's default `:`, the `#` and `=` that
 * `trailer.separators` often adds, and Unicode lookalikes of the colon that read as one in `git log`.
 */
const SEPARATORS =
  ':#=\uFF1A\uFE55\uFE13\u2236\uA789\u02D0\u02F8\u05C3\u205A\u16EC\u0589\u1361\u2360\u0703\u0704\u3002';
/** `Key: value`, `Key #value`, `Key：value`…: a token then, after optional blanks, a separator. */
const TRAILER_LIKE = new RegExp(`^[\\t ]*[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]*[\\t ]*[${SEPARATORS}]`, 'u');
/** git ends a message at a line starting with `---` and whitespace (the patch divider) when it looks for trailers. */
const DIVIDER = /^---(\s|$)/;
/** Line breaks that git or a terminal may read as one: CR, vertical tab, form feed, NEL, LS, PS. */
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is dropped
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/**
 * A commit message written by a model, made unable to add or forge a trailer: line breaks normalised, control
 * characters dropped, and every body line that git or a reader could take for a trailer (or for the `---` divider
 * that hides what follows) quoted with `> `. The subject line stays as written; git never reads it as a trailer.
 */
export function untrustedMessage(text: string): string {
  const [subject = '', ...body] = text.replace(LINE_BREAKS, '\n').replace(CONTROL, '').split('\n');
  const quoted = body.map((line) => (TRAILER_LIKE.test(line) || DIVIDER.test(line) ? `> ${line}` : line));
  return [subject, ...quoted].join('\n');
}
