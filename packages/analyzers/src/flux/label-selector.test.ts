import { describe, expect, it } from 'vitest';
import { labelsMatch, parseLabelSelector } from './label-selector';

const labels = { tier: 'web', 'substitution.flux.home.arpa/disabled': 'false', owner: 'home' };

describe('label selectors', () => {
  it.each([
    ['tier=web', true],
    ['tier==web', true],
    ['tier=db', false],
    ['tier!=db', true],
    ['tier!=web', false],
    ['absent!=x', true],
    ['tier in (db, web)', true],
    ['tier in (db,cache)', false],
    ['absent in (x)', false],
    ['tier notin (db)', true],
    ['tier notin (web,db)', false],
    ['absent notin (true)', true],
    ['substitution.flux.home.arpa/disabled notin (true)', true],
    ['owner', true],
    ['absent', false],
    ['!absent', true],
    ['!owner', false],
    ['tier=web,owner!=work', true],
    ['tier in (web,db),!absent,owner', true],
    ['tier in (web,db),absent', false],
    ['', true],
  ])('%s → %s', (selector, expected) => expect(labelsMatch(selector, labels)).toBe(expected));

  it('reads the operator of every term, commas inside a set included', () => {
    expect(parseLabelSelector('a in (x, y),b notin (z),c,!d,e=f,g!=h')).toEqual([
      { key: 'a', operator: 'in', values: ['x', 'y'] },
      { key: 'b', operator: 'notin', values: ['z'] },
      { key: 'c', operator: 'exists', values: [] },
      { key: 'd', operator: 'doesnotexist', values: [] },
      { key: 'e', operator: 'in', values: ['f'] },
      { key: 'g', operator: 'notin', values: ['h'] },
    ]);
  });

  it('matches nothing when a term cannot be read, and says how to write one', () => {
    expect(() => parseLabelSelector('a in x')).toThrow(/key=value/);
    expect(labelsMatch('a in x', { a: 'x' })).toBe(false);
  });

  it('a patched object with no labels satisfies notin, so the parent patch applies', () => {
    expect(labelsMatch('substitution.flux.home.arpa/disabled notin (true)', undefined)).toBe(true);
  });
});
