import { oneLine } from './format';

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run in the body, so a diff cannot close it early. */
export function fence(body: string, info = ''): string[] {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return [`${ticks}${info}`, ...body.split('\n'), ticks];
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text that people and models wrote (comments, reasons, titles), made inert for a Markdown renderer: `<`, `>` and `&`
 * become entities outside code spans, so a comment cannot put raw HTML (a script, an image beacon) into a report that
 * a forge renders. Code spans are left as they are: a renderer shows them literally anyway.
 */
export function inert(text: string): string {
  return text
    .split(/(`+[^`]*?`+)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[&<>]/g, (char) => HTML_ENTITIES[char] ?? char)))
    .join('');
}

function cell(text: string): string {
  return inert(oneLine(text)).replace(/\|/g, '\\|');
}

/** A GitHub-flavoured table; every cell is put on one line and its pipes escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** A section: its heading, a blank line, then its body. */
export function section(heading: string, body: readonly string[]): string[] {
  return [`## ${heading}`, '', ...body];
}
