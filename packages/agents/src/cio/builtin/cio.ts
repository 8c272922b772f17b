import { compareRisk, maxRisk, type RiskLevel } from '@triad/core';
import { describeChanges, encryptedSecretKeys } from '@triad/policy';
import type { AssessOutcome, CioAgent } from '../../types';
import { blastRadius, reversibility } from './cio-impact';
import { riskOf } from './cio-rules';

/** Score band of each level: [lowest, highest]. */
const BANDS: Record<RiskLevel, [number, number]> = {
  low: [5, 24],
  medium: [30, 54],
  high: [60, 84],
  critical: [90, 100],
};

/** Higher within a level's band the more factors of that level the change has. */
function score(level: RiskLevel, factorsAtLevel: number): number {
  const [low, high] = BANDS[level];
  return Math.min(high, low + 4 * Math.max(0, factorsAtLevel - 1));
}

/**
 * The rule-based CIO: scores each structural change by kind, field and operation, takes the highest, never goes
 * below the tool layer's floor, and says what is affected and how to undo it.
 */
export function createBuiltinCio(): CioAgent {
  return {
    name: 'builtin',
    async assess(input, context): Promise<AssessOutcome> {
      context.signal.throwIfAborted();
      const items = describeChanges(input.proposal.edits);
      const encrypted = encryptedSecretKeys(input.proposal.edits);
      const rated = items.map((item) => riskOf(item, items, encrypted));
      const level = maxRisk(input.floor.level, ...rated.map((f) => f.level));
      const factors = [
        ...new Set([
          ...input.floor.reasons,
          ...[...rated].sort((a, b) => compareRisk(b.level, a.level)).map((f) => f.sentence),
        ]),
      ];
      if (rated.length === 0) factors.push('The edits change nothing the built-in policy can see.');
      const atLevel =
        rated.filter((f) => f.level === level).length + (input.floor.level === level ? input.floor.reasons.length : 0);
      return {
        level,
        score: score(level, atLevel),
        factors,
        blastRadius: blastRadius(items),
        reversibility: reversibility(items),
      };
    },
  };
}
