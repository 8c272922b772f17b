import { formatDuration, type Session } from '@triad/core';
import { type Html, html } from './html';

/** `2026-11-26 14:05` in UTC: short, sortable, the same for everyone reading. */
export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '';
}

/** A moment as `<time>`: UTC in the text, turned into "3 min ago" with the local time on hover by app.js. */
export function moment(iso: string | undefined): Html | string {
  return iso ? html`<time datetime="${iso}" title="${when(iso)}">${when(iso)}</time>` : '';
}

/** Share of the time box used, 0 to 1. */
export function timeUsed(session: Session, now: number): number {
  const start = Date.parse(session.createdAt);
  const end = session.endedAt ? Date.parse(session.endedAt) : now;
  return Math.min(1, Math.max(0, (end - start) / session.durationMs));
}

export function timeLeftText(session: Session, now: number): string {
  if (session.state !== 'running') return session.endReason ? `ended: ${session.endReason}` : session.state;
  return `${formatDuration(Math.max(0, Date.parse(session.deadline) - now))} left`;
}

/** Share of the budget spent, 0 to 1 (the larger of tokens and USD), or undefined without a budget. */
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
