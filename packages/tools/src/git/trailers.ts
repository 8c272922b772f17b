import { TriadError } from '@triad/core';
import { untrustedMessage } from './untrusted-message';

/** A commit trailer as `[key, value]`, e.g. `['Triad-Task', 's1-t1']`. */
export type Trailer = readonly [key: string, value: string];

const TRAILER_KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(.*)$/;

/** Refuses a trailer git would not read back as the same key and value. */
export function assertTrailer([key, value]: Trailer): void {
  if (!TRAILER_KEY.test(key)) {
    throw new TriadError(`trailer key ${JSON.stringify(key)} is invalid: use letters, digits and dashes only`, {
      code: 'invalid_trailer',
      domain: 'git',
      details: { key },
    });
  }
  if (/[\r\n]/.test(value) || value.trim() !== value || value.length === 0) {
    throw new TriadError(
      `trailer ${key} has an invalid value: use one non-empty line without leading or trailing spaces`,
      { code: 'invalid_trailer', domain: 'git', details: { key, value } },
    );
  }
}

/**
 * The message, a blank line, then one `Key: value` line per trailer: Triad alone writes trailers. The message is
 * untrusted text (a model's), so every line in it that git could read as a trailer is quoted first, and Triad's block
 * always starts a paragraph of its own. The message's own trailing blank lines are dropped.
 */
export function formatCommitMessage(message: string, trailers: readonly Trailer[]): string {
  trailers.forEach(assertTrailer);
  const body = untrustedMessage(message).replace(/\s+$/, '');
  if (body.length === 0) {
    throw new TriadError('the commit message is empty: give the change a subject line', {
      code: 'empty_message',
      domain: 'git',
    });
  }
  if (trailers.length === 0) return `${body}\n`;
  const block = trailers.map(([key, value]) => `${key}: ${value}`).join('\n');
  return `${body}\n\n${block}\n`;
}

/**
 * The trailers of a commit message: the `Key: value` lines of its last paragraph, when every line of that paragraph
 * is a trailer (or a continuation line starting with whitespace). The subject alone never holds trailers.
 */
export function parseTrailers(message: string): Array<[string, string]> {
  const paragraphs = message
    .replace(/\r\n/g, '\n')
    .trim()
    .split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return [];
  const lines = (paragraphs.at(-1) ?? '').split('\n');
  const trailers: Array<[string, string]> = [];
  for (const line of lines) {
    const last = trailers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const match = TRAILER_LINE.exec(line);
    if (!match) return [];
    trailers.push([match[1] ?? '', (match[2] ?? '').trim()]);
  }
  return trailers;
}
