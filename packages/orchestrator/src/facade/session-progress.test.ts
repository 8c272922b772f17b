import { Session } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { sessionProgress } from './session-progress';

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
const at = Date.parse('2026-01-01T02:30:00.000Z');

describe('sessionProgress', () => {
  it('measures the time box used and left, and the larger share of tokens and dollars spent', () => {
    expect(sessionProgress(session, at)).toEqual({
      timeUsed: 0.25,
      timeLeft: '7h30m left',
      budgetUsed: 0.75,
      budget: '400 of 1,000 tokens · $1.50 of $2.00 · 3 model calls',
    });
  });

  it('never reports more than the whole time box', () => {
    expect(sessionProgress(session, Date.parse('2026-01-02T00:00:00.000Z')).timeUsed).toBe(1);
  });

  it('stops the clock at the end and says why it ended', () => {
    const ended = { ...session, state: 'ended' as const, endedAt: '2026-01-01T05:00:00.000Z', endReason: 'deadline' };
    const progress = sessionProgress(ended as Session, Date.parse('2026-01-02T00:00:00.000Z'));
    expect(progress.timeUsed).toBe(0.5);
    expect(progress.timeLeft).toBe('ended: deadline');
  });

  it('has no budget share without a budget, and counts without "of"', () => {
    const progress = sessionProgress({ ...session, budget: {} }, at);
    expect(progress.budgetUsed).toBeUndefined();
    expect(progress.budget).toBe('400 tokens · $1.50 · 3 model calls');
  });
});
