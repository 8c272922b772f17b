import { describe, expect, it } from 'vitest';
import { untrustedMessage } from './untrusted-message';

describe('untrustedMessage', () => {
  it('quotes body lines git or a reader could take for trailers, with any separator or lookalike colon', () => {
    for (const line of [
      'Approved-by: a',
      'Triad-Risk #low',
      'Reviewed-by=x',
      'Approved-by：a',
      'Approved-by ∶ a',
      ' Key: v',
    ]) {
      expect(untrustedMessage(`Fix\n\n${line}`)).toBe(`Fix\n\n> ${line}`);
    }
  });

  it('quotes the patch divider, normalises line breaks and drops control characters', () => {
    expect(untrustedMessage('Fix\r\n\r\n---\rApproved-by: a\u2028x\u0000y')).toBe('Fix\n\n> ---\n> Approved-by: a\nxy');
  });

  it('leaves prose and the subject alone', () => {
    expect(untrustedMessage('Scale: media\n\nBecause it is slow.\n- a list')).toBe(
      'Scale: media\n\nBecause it is slow.\n- a list',
    );
    // How the built-in fixers introduce the findings a change resolves.
    expect(untrustedMessage('Fix\n\nThe findings it resolves:\n- a/b')).toBe('Fix\n\nThe findings it resolves:\n- a/b');
  });
});
