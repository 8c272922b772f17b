import { type Html, html } from './html';

const KEY = /^(\s*)(-\s+)?((?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)):(?=\s|$)(.*)$/;
const ITEM = /^(\s*)(-)(?=\s|$)(.*)$/;
const SCALAR = /^(\s*)(.*?)(\s+#.*)?$/;

function token(kind: string, text: string): Html | string {
  return text ? html`<span class="y-${kind}">${text}</span>` : '';
}

/** A scalar after `key:` or `- `: strings, numbers, booleans and nulls, block indicators and anchors get a class. */
function value(rest: string): Array<Html | string> {
  if (/^\s*#/.test(rest)) return [token('comment', rest)];
  const [, space = '', body = '', comment = ''] = SCALAR.exec(rest) ?? [];
  let kind = 'plain';
  if (/^(["']).*\1$/.test(body)) kind = 'string';
  else if (/^-?\d+(\.\d+)?$/.test(body)) kind = 'number';
  else if (/^(true|false|yes|no|on|off|null|~)$/i.test(body)) kind = 'bool';
  else if (/^[|>][-+]?\d*$/.test(body)) kind = 'block';
  else if (/^[&*!]\S+/.test(body)) kind = 'anchor';
  return [space, token(kind, body), token('comment', comment)];
}

/** One line of YAML with its keys, values and comments wrapped in `<span class="y-…">`; the text stays escaped. */
export function highlightYaml(line: string): Html {
  if (/^\s*#/.test(line)) return html`${token('comment', line)}`;
  if (/^\s*(---|\.\.\.)\s*$/.test(line)) return html`${token('doc', line)}`;
  const key = KEY.exec(line);
  if (key) {
    const [, indent = '', dash = '', name = '', rest = ''] = key;
    return html`${indent}${token('dash', dash)}${token('key', name)}:${value(rest)}`;
  }
  const item = ITEM.exec(line);
  if (item) return html`${item[1]}${token('dash', item[2] ?? '')}${value(item[3] ?? '')}`;
  return html`${value(line)}`;
}
