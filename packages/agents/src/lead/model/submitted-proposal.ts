import type { AdrDraft } from '@triad/core';

/** What a `submit_proposal` call asks for, with the model's placeholders restored to real values. */
export interface SubmittedProposal {
  /** Empty when the model sent none. */
  commitMessage: string;
  /** Finding ids the change fixes. */
  addresses: string[];
  adr?: AdrDraft;
}

/** Reads a `submit_proposal` input leniently: missing or mistyped fields become empty, never an exception. */
export function readSubmittedProposal(
  input: Record<string, unknown>,
  restore: (text: string) => string,
): SubmittedProposal {
  const commitMessage = typeof input.commit_message === 'string' ? restore(input.commit_message).trim() : '';
  const addresses = Array.isArray(input.addresses)
    ? input.addresses.filter((a): a is string => typeof a === 'string')
    : [];
  const adr = readAdr(input.adr, restore);
  return { commitMessage, addresses, ...(adr ? { adr } : {}) };
}

function readAdr(value: unknown, restore: (text: string) => string): AdrDraft | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const adr = value as Record<string, unknown>;
  const field = (name: string) => (typeof adr[name] === 'string' ? restore(adr[name] as string) : '');
  if (!field('title')) return undefined;
  return {
    title: field('title'),
    context: field('context'),
    decision: field('decision'),
    consequences: field('consequences'),
    alternatives: [],
  };
}
