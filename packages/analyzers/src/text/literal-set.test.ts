import { describe, expect, it } from 'vitest';
import { LiteralSet } from './literal-set';

/** What replacing each value in turn, longest first, gives: the behaviour LiteralSet keeps where values do not overlap. */
function oneByOne(text: string, values: string[]): string {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of sorted) out = out.split(value).join(`<${value.length}>`);
  return out;
}

describe('LiteralSet', () => {
  it('replaces every occurrence of every value, the longest where one contains another', () => {
    const set = new LiteralSet(['hunter2', 'hunter2-horse', 'pw-1', 'pw-12']);
    const text = 'a: hunter2\nb: hunter2-horse\nc: pw-12 pw-1 pw-1x\n';
    expect(set.replace(text, (v) => `<${v.length}>`)).toBe(
      oneByOne(text, ['hunter2', 'hunter2-horse', 'pw-1', 'pw-12']),
    );
    expect(set.replace(text, (_, i) => `R${i}`)).toBe('a: R0\nb: R1\nc: R3 R2 R2x\n');
  });

  it('finds values through failure links (a value inside another that does not match)', () => {
    const set = new LiteralSet(['abcd', 'bce']);
    expect(set.replace('abce abcd', (v) => `[${v}]`)).toBe('a[bce] [abcd]');
  });

  it('leaves no character of overlapping values in clear', () => {
    const set = new LiteralSet(['QQXY', 'XYZAB12', 'AB12']);
    const out = set.replace('--QQXYZAB12--', (_, i) => `R${i}`);
    expect(out).toBe('--R0R1--');
    for (const secret of ['Q', 'X', 'Y', 'Z', 'A', 'B', '1', '2'])
      expect(out.replace(/R\d/g, '')).not.toContain(secret);
  });

  it('matches code units, so text outside the BMP and empty values are handled', () => {
    const set = new LiteralSet(['', 'ключ-🔑-x']);
    expect(set.values).toEqual(['ключ-🔑-x']);
    expect(set.replace('a ключ-🔑-x b', () => '*')).toBe('a * b');
  });

  it('does one pass whatever the number of values: 12,600 credentials in one text', () => {
    const values = Array.from({ length: 12_600 }, (_, i) => `pw-${i}-Xk9Lm2Qr`);
    const text = values.map((v, i) => `- name: DB_PASSWORD_${i}\n  value: "${v}"`).join('\n');
    const set = new LiteralSet(values);
    const matches = set.matches(text);
    // One match per credential: `pw-1-Xk9Lm2Qr` is never found inside `pw-11-Xk9Lm2Qr`, and no value is missed.
    expect(matches).toHaveLength(12_600);
    // Linear: each character costs one lookup plus the failure links it pays back, never a pass per value.
    expect(set.lastSteps).toBeLessThanOrEqual(2 * text.length);
    expect(set.replace(text, () => 'R')).not.toMatch(/pw-\d/);
  });
});
