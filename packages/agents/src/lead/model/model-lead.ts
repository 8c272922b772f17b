import type { LeadAgent } from '../../types';
import { draftWithModel, type LeadDraftOptions } from './lead-draft';
import { planWithModel } from './lead-plan';

/** The Lead on a model: plans with a structured answer, drafts in a bounded tool loop. */
export function createModelLead(options: LeadDraftOptions): LeadAgent {
  return {
    name: options.model.spec,
    promptVersion: options.prompt.version,
    plan: (input, context) => planWithModel(options, input, context),
    draft: (input, context) => draftWithModel(options, input, context),
  };
}
