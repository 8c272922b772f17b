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

/** One entry of the timeline; app.js builds the same markup for events that arrive live. */
export function timelineItem(event: TriadEvent): Html {
  return html`<li class="event actor-${event.actor}" data-id="${event.id ?? ''}">
  <time datetime="${event.at}">${when(event.at).slice(11, 16)}</time>
  <span class="actor">${ACTOR_LABEL[event.actor]}</span>
  <span class="message">${event.message}</span>
</li>`;
}

/** Who did what, newest last; `data-stream` tells app.js where to resume the live stream. */
export function timeline(sessionId: string, events: readonly TriadEvent[], live: boolean): Html {
  const last = events.at(-1)?.id ?? '0';
  return html`<ol class="timeline" id="timeline"${live ? html` data-stream="/api/sessions/${sessionId}/events" data-after="${last}"` : ''}>
${events.map(timelineItem)}
</ol>`;
}
