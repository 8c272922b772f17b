import { z } from 'zod';
import { RiskLevel } from './risk';

export const RiskAssessment = z.object({
  taskId: z.string(),
  revision: z.number().int().positive(),
  /** The level that gates the change: never below `floor`. */
  level: RiskLevel,
  /** The level the assessor proposed before the floor was applied. */
  assessedLevel: RiskLevel,
  /** The minimum the tool layer sets from what the change touches. */
  floor: RiskLevel,
  /** 0 (harmless) to 100 (destructive). */
  score: z.number().min(0).max(100),
  factors: z.array(z.string()),
  blastRadius: z.string(),
  reversibility: z.enum(['revert', 'manual', 'irreversible']),
  assessor: z.string(),
  createdAt: z.string(),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;
