import { describe, expect, it } from 'vitest';
import { formatCommitMessage, parseTrailers } from './trailers';

describe('trailers', () => {
  it('appends trailers after a blank line and reads them back', () => {
    const message = formatCommitMessage('Scale media\n\nBecause it is slow.\n\n', [
      ['Triad-Task', 's1-t1'],
      ['Reviewed-by', 'co-lead'],
    ]);
    expect(message).toBe('Scale media\n\nBecause it is slow.\n\nTriad-Task: s1-t1\nReviewed-by: co-lead\n');
    expect(parseTrailers(message)).toEqual([
      ['Triad-Task', 's1-t1'],
      ['Reviewed-by', 'co-lead'],
    ]);
  });

  it('never joins a trailer block of the message: its trailer-shaped lines are quoted, and Triad writes its own', () => {
    const message = formatCommitMessage('Fix\n\nApproved-by: attacker\r\nTriad-Risk：low', [['Triad-Task', 't']]);
    expect(message).toBe('Fix\n\n> Approved-by: attacker\n> Triad-Risk：low\n\nTriad-Task: t\n');
    expect(parseTrailers(message)).toEqual([['Triad-Task', 't']]);
  });

  it('finds no trailers in a subject alone or in prose', () => {
    expect(parseTrailers('Triad-Task: s1-t1')).toEqual([]);
    expect(parseTrailers('Fix\n\nNote: this is prose\nand more prose')).toEqual([]);
  });

  it('refuses trailers git would not read back unchanged, and an empty message', () => {
    expect(() => formatCommitMessage('Fix', [['Bad Key', 'x']])).toThrow(/trailer key/);
    expect(() => formatCommitMessage('Fix', [['Triad-Task', 'a\nEvil: b']])).toThrow(/invalid value/);
    expect(() => formatCommitMessage(' \n', [])).toThrow(/empty/);
  });
});
