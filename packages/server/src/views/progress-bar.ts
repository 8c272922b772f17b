import { type Html, html } from './html';

/** A labelled bar (a native <progress>: no inline style, so the CSP needs no exception); turns amber past 75 % and red past 90 %. */
export function progressBar(label: string, share: number | undefined, text: string): Html {
  if (share === undefined)
    return html`<div class="bar-row"><span>${label}</span><span class="muted">${text}</span></div>`;
  const percent = Math.round(share * 100);
  const level = percent >= 90 ? 'high' : percent >= 75 ? 'mid' : 'low';
  return html`<div class="bar-row">
  <span>${label}</span>
  <progress class="bar ${level}" aria-label="${label}" value="${percent}" max="100">${percent} %</progress>
  <span class="muted">${text}</span>
</div>`;
}
