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

  it('joins an existing trailer block instead of starting a second one', () => {
    expect(formatCommitMessage('Fix\n\nSigned-off-by: A <a@x>', [['Triad-Task', 't']])).toBe(
      'Fix\n\nSigned-off-by: A <a@x>\nTriad-Task: t\n',
    );
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
