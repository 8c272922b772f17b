import { describe, expect, it } from 'vitest';
import { count } from './count';

describe('count', () => {
  it('says one in the singular and any other number in the plural', () => {
    expect([0, 1, 2].map((n) => count(n, 'file'))).toEqual(['0 files', '1 file', '2 files']);
    expect(count(1, 'policy', 'policies')).toBe('1 policy');
    expect(count(3, 'policy', 'policies')).toBe('3 policies');
  });
});
