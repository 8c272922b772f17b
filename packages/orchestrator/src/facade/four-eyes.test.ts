import { describe, expect, it } from 'vitest';
import { requiredApprovers } from './four-eyes';

describe('requiredApprovers (four-eyes)', () => {
  it('asks two people for a critical change when the session has four eyes on', () => {
    expect(requiredApprovers({ fourEyes: true }, 'critical')).toBe(2);
  });

  it('asks one for anything below critical, or when four eyes is off', () => {
    for (const level of ['low', 'medium', 'high', undefined] as const) {
      expect(requiredApprovers({ fourEyes: true }, level)).toBe(1);
    }
    expect(requiredApprovers({ fourEyes: false }, 'critical')).toBe(1);
  });
});
