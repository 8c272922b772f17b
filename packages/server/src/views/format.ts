import { type Html, html } from './html';

/** `2026-11-26 14:05` in UTC: short, sortable, the same for everyone reading. */
export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '';
}

/** A moment as `<time>`: UTC in the text, turned into "3 min ago" with the local time on hover by app.js. */
export function moment(iso: string | undefined): Html | string {
  return iso ? html`<time datetime="${iso}" title="${when(iso)}">${when(iso)}</time>` : '';
}
