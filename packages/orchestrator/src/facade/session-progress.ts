import { formatDuration, type Session } from '@triad/core';

/** How far a session is through its time box and budget: the bars and texts the CLI and the UI both show. */
export interface SessionProgress {
  /** Share of the time box used, 0 to 1. */
  timeUsed: number;
  /** `7h30m left` while running, else `ended: <reason>` (or the state when no reason was recorded). */
  timeLeft: string;
  /** Share of the budget spent, 0 to 1 (the larger of tokens and USD), or undefined without a budget. */
  budgetUsed: number | undefined;
  /** `400 of 1,000 tokens · $1.50 of $2.00 · 3 model calls`. */
  budget: string;
}

export function sessionProgress(session: Session, now: number): SessionProgress {
  return {
    timeUsed: timeUsed(session, now),
    timeLeft: timeLeftText(session, now),
    budgetUsed: budgetUsed(session),
    budget: budgetText(session),
  };
}

export function timeUsed(session: Session, now: number): number {
  const start = Date.parse(session.createdAt);
  const end = session.endedAt ? Date.parse(session.endedAt) : now;
  return Math.min(1, Math.max(0, (end - start) / session.durationMs));
}

export function timeLeftText(session: Session, now: number): string {
  if (session.state !== 'running') return session.endReason ? `ended: ${session.endReason}` : session.state;
  return `${formatDuration(Math.max(0, Date.parse(session.deadline) - now))} left`;
}

export function budgetUsed(session: Session): number | undefined {
  const tokens = session.usage.inputTokens + session.usage.outputTokens;
  const shares = [
    session.budget.maxTokens ? tokens / session.budget.maxTokens : undefined,
    session.budget.maxUsd ? session.usage.usd / session.budget.maxUsd : undefined,
  ].filter((share): share is number => share !== undefined);
  return shares.length ? Math.min(1, Math.max(...shares)) : undefined;
}

export function budgetText(session: Session): string {
  const tokens = session.usage.inputTokens + session.usage.outputTokens;
  const parts = [
    `${tokens.toLocaleString('en')}${session.budget.maxTokens ? ` of ${session.budget.maxTokens.toLocaleString('en')}` : ''} tokens`,
    `$${session.usage.usd.toFixed(2)}${session.budget.maxUsd ? ` of $${session.budget.maxUsd.toFixed(2)}` : ''}`,
    `${session.usage.calls} model calls`,
  ];
  return parts.join(' · ');
}
