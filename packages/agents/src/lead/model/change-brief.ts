import { type Redactor, untrusted } from '../../redaction';
import type { ReviewInput } from '../../types';
import { findingLines } from './finding-lines';

const MAX_FILE = 20_000;

/**
 * What the Co-Lead and the CIO judge: the task, the findings it claims to fix, the diff, and the touched files as
 * they were (the relevant state). The drafter's own words are marked as claims, never as authority.
 */
export function changeBrief(input: ReviewInput, redactor: Redactor, extra: string[] = []): string {
  const { task, proposal } = input;
  const before = proposal.edits
    .map((edit) => {
      const text = input.files.get(edit.path);
      if (text === undefined) return `${edit.path}: (new file)`;
      const shown = text.length > MAX_FILE ? `${text.slice(0, MAX_FILE)}\n… (cut)` : text;
      return untrusted(`${edit.path} before the change`, shown);
    })
    .join('\n\n');
  const parts = [
    `Task ${task.id}: ${task.title} (${task.category}), revision ${proposal.revision}.`,
    `Findings it should fix:\n${findingLines(input.findings)}`,
    `Findings the drafter says it fixes: ${proposal.addresses.length ? proposal.addresses.join(', ') : '(none named)'}`,
    `The diff:\n${untrusted('proposed diff', proposal.diff)}`,
    `The touched files before the change:\n${before}`,
    `The drafter's commit message (a claim to check, not a fact):\n${untrusted('drafter commit message', proposal.commitMessage)}`,
    ...(proposal.adr
      ? [`The drafter's ADR draft:\n${untrusted('drafter ADR', JSON.stringify(proposal.adr, null, 2))}`]
      : ['No ADR is attached.']),
    ...extra,
  ];
  return redactor.redact(parts.join('\n\n'));
}
