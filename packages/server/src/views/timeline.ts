import type { TriadEvent } from '@triad/core';
import { when } from './format';
import { type Html, html } from './html';

const ACTOR_LABEL: Record<TriadEvent['actor'], string> = {
  lead: 'Lead',
  'co-lead': 'Co-Lead',
  cio: 'CIO',
  human: 'Human',
  tool: 'Tool',
  system: 'System',
};

/**
 * One entry of the timeline; app.js builds the same markup for events that arrive live, and turns each time into
 * "3 min ago" with the full local date and time on hover (without the script: the UTC time, the full date on hover).
 */
export function timelineItem(event: TriadEvent): Html {
  return html`<li class="event actor-${event.actor}" data-id="${event.id ?? ''}">
  <time datetime="${event.at}" title="${when(event.at)}">${when(event.at).slice(11, 16)}</time>
  <span class="actor">${ACTOR_LABEL[event.actor]}</span>
  <span class="message">${event.message}</span>
</li>`;
}

/**
 * Who did what, newest first, so the latest is what a person sees on a two-day session; `data-stream` tells app.js
 * where to resume the live stream, whose events it puts on top.
 */
export function timeline(sessionId: string, events: readonly TriadEvent[], live: boolean): Html {
  const last = events.at(-1)?.id ?? '0';
  return html`<ol class="timeline" id="timeline"${live ? html` data-stream="/api/sessions/${sessionId}/events" data-after="${last}"` : ''}>
${[...events].reverse().map(timelineItem)}
</ol>`;
}
