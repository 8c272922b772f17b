import { isYamlPath } from '@triad/core';
import { type Html, html } from './html';
import { type DiffFile, type DiffLine, parseUnifiedDiff, sideBySide } from './unified-diff';
import { highlightYaml } from './yaml-highlight';

const SIGN = { context: ' ', del: '-', add: '+' } as const;

function code(line: DiffLine, path: string): Html {
  const text = isYamlPath(path) ? highlightYaml(line.text) : html`${line.text}`;
  return html`<td class="code ${line.kind}"><span class="sign">${SIGN[line.kind]}</span>${text}</td>`;
}

/** One side of a side-by-side row: its line number and code, or an empty filler. */
function side(line: DiffLine | undefined, path: string, number: 'oldNumber' | 'newNumber'): Html {
  if (!line) return html`<td class="num"></td><td class="code empty"></td>`;
  return html`<td class="num">${line[number]}</td>${code(line, path)}`;
}

function unified(file: DiffFile): Html {
  const rows = file.hunks.map(
    (hunk) =>
      html`<tr class="hunk"><td colspan="3">${hunk.header}</td></tr>${hunk.lines.map(
        (line) =>
          html`<tr><td class="num">${line.oldNumber}</td><td class="num">${line.newNumber}</td>${code(line, file.path)}</tr>`,
      )}`,
  );
  return html`<table class="diff-table unified">${rows}</table>`;
}

function split(file: DiffFile): Html {
  const rows = file.hunks.map(
    (hunk) =>
      html`<tr class="hunk"><td colspan="4">${hunk.header}</td></tr>${sideBySide(hunk.lines).map(
        (row) => html`<tr>${side(row.left, file.path, 'oldNumber')}${side(row.right, file.path, 'newNumber')}</tr>`,
      )}`,
  );
  return html`<table class="diff-table split">${rows}</table>`;
}

/**
 * A proposal's diff, YAML highlighted, in both layouts; two radio buttons switch between them with CSS alone, so it
 * works without JavaScript. `id` must be unique on the page.
 */
export function diffView(id: string, diff: string): Html {
  const files = parseUnifiedDiff(diff);
  if (files.length === 0) return html`<p class="muted">No diff.</p>`;
  return html`<div class="diff">
  <input type="radio" name="layout-${id}" id="${id}-unified" class="layout-unified" checked>
  <label for="${id}-unified">Unified</label>
  <input type="radio" name="layout-${id}" id="${id}-split" class="layout-split">
  <label for="${id}-split">Side by side</label>
  ${files.map(
    (file) => html`<details class="diff-file" open>
    <summary><code>${file.path}</code> <span class="tag ${file.status}">${file.status}</span></summary>
    <div class="scroll">${unified(file)}${split(file)}</div>
  </details>`,
  )}
</div>`;
}
