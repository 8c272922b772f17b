import type { AdrDraft } from '@triad/core';
import { padAdrNumber } from './adr-file-name';
import type { AdrStatus } from './adr-status';

export interface AdrInput {
  /** The ADR's number in its folder (see `nextAdrNumber`). */
  number: number;
  /** What the Lead drafted and the Co-Lead asked for. */
  draft: AdrDraft;
  status: AdrStatus;
  /** ISO date or instant; written as `YYYY-MM-DD`. */
  date: string;
  links: {
    /** Task whose change the ADR records. */
    taskId: string;
    sessionId: string;
    /** Commits that carry the decision, when known (the ADR itself lands in the task's commit). */
    commits?: string[];
  };
}

function paragraph(text: string, empty: string): string {
  return text.trim() === '' ? empty : text.trim();
}

/** An ADR in MADR form: title, status, date, context, decision, consequences, options, links. */
export function renderAdr(input: AdrInput): string {
  const { draft, links } = input;
  const date = /^\d{4}-\d{2}-\d{2}/.test(input.date) ? input.date.slice(0, 10) : input.date;
  const alternatives = (draft.alternatives ?? []).map((option) => `- ${option.trim()}`);
  const commits = (links.commits ?? []).map((sha) => `- Commit: \`${sha}\``);
  return [
    `# ${padAdrNumber(input.number)}. ${draft.title.trim()}`,
    '',
    `- Status: ${input.status}`,
    `- Date: ${date}`,
    '',
    '## Context and Problem Statement',
    '',
    paragraph(draft.context, 'No context was recorded.'),
    '',
    '## Decision Outcome',
    '',
    paragraph(draft.decision, 'No decision text was recorded.'),
    '',
    '### Consequences',
    '',
    paragraph(draft.consequences, 'No consequences were recorded.'),
    '',
    '## Considered Options',
    '',
    `- ${draft.title.trim()} (chosen)`,
    ...alternatives,
    '',
    '## Links',
    '',
    `- Task: \`${links.taskId}\``,
    `- Session: \`${links.sessionId}\``,
    ...commits,
    '',
  ].join('\n');
}
