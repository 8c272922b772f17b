import type { LeadAgent } from '../../types';
import { draftFix } from './lead-draft';
import { planFixes } from './lead-plan';

/**
 * The keyless Lead: plans one task per object with fixable findings, and drafts each with the analyzers' YAML-aware
 * fixers. It ignores session goals and cannot answer review comments with another fix.
 */
export function createBuiltinLead(): LeadAgent {
  return {
    name: 'builtin',
    async plan(input, context) {
      context.signal.throwIfAborted();
      return planFixes(input);
    },
    async draft(input, context) {
      context.signal.throwIfAborted();
      return draftFix(input);
    },
  };
}
