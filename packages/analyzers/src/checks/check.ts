import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';

/** One analyzer rule. Pure: the same context gives the same findings. */
export interface Check {
  /** Stable identifier, the first segment of the ids of its findings. */
  id: string;
  /** One line on what it looks for, for docs and `triad scan --list`. */
  description: string;
  run(context: AnalysisContext): Finding[];
}
