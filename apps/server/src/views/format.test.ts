import { Session } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { budgetText, budgetUsed, timeLeftText, timeUsed } from './format';

const session = Session.parse({
  id: 's',
  repo: { url: '/r.git', branch: 'main' },
  state: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  deadline: '2026-01-01T10:00:00.000Z',
  durationMs: 10 * 3600_000,
  budget: { maxTokens: 1000, maxUsd: 2 },
  usage: { inputTokens: 300, outputTokens: 100, usd: 1.5, calls: 3 },
});

describe('session progress', () => {
  it('measures the time box used and left', () => {
    const at = Date.parse('2026-01-01T02:30:00.000Z');
    expect(timeUsed(session, at)).toBe(0.25);
    expect(timeLeftText(session, at)).toBe('7h30m left');
    expect(timeUsed(session, Date.parse('2026-01-02T00:00:00.000Z'))).toBe(1);
  });

  it('takes the larger share of tokens and dollars as the budget used', () => {
    expect(budgetUsed(session)).toBe(0.75);
    expect(budgetText(session)).toBe('400 of 1,000 tokens · $1.50 of $2.00 · 3 model calls');
    expect(budgetUsed({ ...session, budget: {} })).toBeUndefined();
  });
});
