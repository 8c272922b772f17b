import { z } from 'zod';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

/** Negative when `a` is lower than `b`, zero when equal, positive when higher. */
export function compareRisk(a: RiskLevel, b: RiskLevel): number {
  return RISK_LEVELS.indexOf(a) - RISK_LEVELS.indexOf(b);
}

export function maxRisk(...levels: RiskLevel[]): RiskLevel {
  return levels.reduce((max, level) => (compareRisk(level, max) > 0 ? level : max), 'low');
}
