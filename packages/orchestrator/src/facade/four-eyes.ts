import type { RiskLevel, Session } from '@triad/core';

/**
 * How many different people must approve a change: two for a critical one when its session asks for four eyes,
 * else one. The orchestrator counts sign-offs against it and the UI shows "n of m approvals" from it.
 */
export function requiredApprovers(session: Pick<Session, 'fourEyes'>, level: RiskLevel | undefined): number {
  return session.fourEyes && level === 'critical' ? 2 : 1;
}
